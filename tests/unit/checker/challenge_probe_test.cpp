// tests/unit/checker/challenge_probe_test.cpp: one check of a delegation's `_acme-challenge`
// name against two scripted authorities of the customer's zone (127.0.0.11 and 127.0.0.12) and a
// scripted resolver, in both modes.
#include <optional>

#include <catch2/catch.hpp>

#include "challenge_probe.hpp"
#include "fake_dns_server.hpp"

namespace dcvd::checker {
namespace {

using Catch::Matchers::Contains;

const std::string challenge = "_acme-challenge.www.example.com.";
const std::string target = "www.example.com.validation.provider.net.";
const std::string to_target = challenge + " CNAME " + target;

test::Script answering(std::vector<std::string> answers,
                       ldns_pkt_rcode rcode = LDNS_RCODE_NOERROR) {
    return [answers = std::move(answers), rcode](const test::ReceivedQuery& query, std::size_t) {
        return test::Replies{test::response_to(query, answers, false, 0, {}, rcode)};
    };
}

// The resolver knows example.com.'s servers and, for chains that leave the zone, hop.customer.net.
test::Script resolver_script() {
    return [](const test::ReceivedQuery& query, std::size_t) {
        ldns_pkt* parsed = nullptr;
        if (ldns_wire2pkt(&parsed, query.wire.data(), query.wire.size()) != LDNS_STATUS_OK) {
            return test::Replies{};
        }
        const zone::LdnsPacket packet(parsed);
        const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(packet.get()), 0);
        const std::string name = name_text(*ldns_rr_owner(question));
        const ldns_rr_type type = ldns_rr_get_type(question);
        std::vector<std::string> answers;
        if (name == "example.com." && type == LDNS_RR_TYPE_NS) {
            answers = {"example.com. NS ns1.example.com.", "example.com. NS ns2.example.com."};
        } else if (name == "ns1.example.com." && type == LDNS_RR_TYPE_A) {
            answers = {"ns1.example.com. A 127.0.0.11"};
        } else if (name == "ns2.example.com." && type == LDNS_RR_TYPE_A) {
            answers = {"ns2.example.com. A 127.0.0.12"};
        } else if (name == "hop.customer.net." && type == LDNS_RR_TYPE_TXT) {
            answers = {"hop.customer.net. CNAME " + target, target + " TXT \"digest\""};
        } else if (name == challenge && type == LDNS_RR_TYPE_TXT) {
            answers = {to_target, target + " TXT \"digest\""};
        }
        return test::Replies{test::response_to(query, answers)};
    };
}

struct Zone {
    test::FakeDnsServer resolver{resolver_script()};
    test::FakeDnsServer first;
    test::FakeDnsServer second;
    Zone(test::Script one, test::Script two)
        : first(std::move(one), "127.0.0.11"), second(std::move(two), "127.0.0.12", first.port()) {}
};

ChallengeEvidence probe(const Zone& zone, CheckMode mode = CheckMode::Authoritative) {
    ProbeOptions options;
    options.mode = mode;
    options.resolvers = {*uv::Endpoint::parse("127.0.0.1:" + std::to_string(zone.resolver.port()))};
    options.authority_port = zone.first.port();
    uv::Loop loop;
    std::optional<ChallengeEvidence> outcome;
    {
        DnsClientOptions client_options;
        client_options.timeout = std::chrono::milliseconds(300);
        client_options.attempts = 2;
        DnsClient client(loop, client_options);
        probe_challenge(client, options, challenge, target,
                        [&outcome](ChallengeEvidence evidence) { outcome = std::move(evidence); });
        loop.run();
    }
    REQUIRE(outcome.has_value());
    return std::move(*outcome);
}

} // namespace

TEST_CASE("every authority shows the CNAME to our target: delegated", "[checker][probe]") {
    const Zone zone(answering({to_target}), answering({to_target}));
    const auto evidence = probe(zone);
    CHECK(evidence.verdict == ChallengeVerdict::Delegated);
    CHECK(evidence.points_to == target);
    REQUIRE(evidence.readings.size() == 2);
    CHECK(evidence.readings[0].server ==
          "ns1.example.com. 127.0.0.11:" + std::to_string(zone.first.port()));
    CHECK(evidence.readings[1].verdict == ChallengeVerdict::Delegated);
    // Asked directly, without recursion.
    REQUIRE(zone.first.received().size() == 1);
    CHECK((zone.first.received()[0].wire[2] & 0x01U) == 0); // RD clear
}

TEST_CASE("authorities that disagree are no evidence (propagation under way)", "[checker][probe]") {
    const Zone zone(answering({to_target}), answering({}, LDNS_RCODE_NXDOMAIN));
    const auto evidence = probe(zone);
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("servers disagree"));
    CHECK(evidence.readings[1].verdict == ChallengeVerdict::Absent);
}

TEST_CASE("one authority's SERVFAIL, or its silence, is no evidence", "[checker][probe]") {
    const Zone failing(answering({to_target}), answering({}, LDNS_RCODE_SERVFAIL));
    const auto evidence = probe(failing);
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("ns2.example.com."));
    CHECK_THAT(evidence.detail, Contains("SERVFAIL"));
    const Zone silent(answering({to_target}),
                      [](const test::ReceivedQuery&, std::size_t) { return test::Replies{}; });
    const auto quiet = probe(silent);
    CHECK(quiet.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(quiet.detail, Contains("timed out"));
}

TEST_CASE("a CNAME to someone else is misdelegated; a TXT there or nothing is not ours",
          "[checker][probe]") {
    const std::string other = challenge + " CNAME www.example.com.acme.other-provider.org.";
    const auto elsewhere = probe(Zone(answering({other}), answering({other})));
    CHECK(elsewhere.verdict == ChallengeVerdict::Elsewhere);
    CHECK(elsewhere.points_to == "www.example.com.acme.other-provider.org.");
    const std::string txt = challenge + " TXT \"customer's own\"";
    CHECK(probe(Zone(answering({txt}), answering({txt}))).verdict == ChallengeVerdict::Txt);
    CHECK(probe(Zone(answering({}, LDNS_RCODE_NXDOMAIN), answering({}, LDNS_RCODE_NXDOMAIN)))
              .verdict == ChallengeVerdict::Absent);
}

TEST_CASE("a chain that leaves the customer's zone is followed through the resolver",
          "[checker][probe]") {
    const std::string hop = challenge + " CNAME hop.customer.net.";
    const auto evidence = probe(Zone(answering({hop}), answering({hop})));
    CHECK(evidence.verdict == ChallengeVerdict::Delegated);
    CHECK(evidence.readings[0].chain ==
          std::vector<std::string>{challenge, "hop.customer.net.", target});
}

TEST_CASE("a lame server (no AA) is no evidence", "[checker][probe]") {
    const auto lame = [](const test::ReceivedQuery& query, std::size_t) {
        auto reply = test::response_to(query, {to_target});
        reply[2] &= static_cast<std::uint8_t>(~0x04U); // clear AA
        return test::Replies{reply};
    };
    const auto evidence = probe(Zone(answering({to_target}), lame));
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("not authoritative"));
}

TEST_CASE("resolver mode asks the resolver, with recursion", "[checker][probe]") {
    const Zone zone(answering({}), answering({}));
    const auto evidence = probe(zone, CheckMode::Resolver);
    CHECK(evidence.verdict == ChallengeVerdict::Delegated);
    REQUIRE(evidence.readings.size() == 1);
    CHECK(evidence.readings[0].chain == std::vector<std::string>{challenge, target});
    CHECK(zone.first.received().empty());
}

} // namespace dcvd::checker
