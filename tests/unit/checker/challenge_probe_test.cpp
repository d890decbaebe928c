// tests/unit/checker/challenge_probe_test.cpp: one check of a delegation's `_acme-challenge`
// name against two scripted authorities of the customer's zone (127.0.0.11 and 127.0.0.12) and a
// scripted resolver, in both modes.
#include <catch2/catch.hpp>

#include "challenge_probe.hpp"
#include "fake_zone.hpp"

namespace dcvd::checker {
namespace {

using Catch::Matchers::Contains;

const std::string challenge = "_acme-challenge.www.example.com.";
const std::string target = "www.example.com.validation.provider.net.";
const std::string to_target = challenge + " CNAME " + target;

// What the resolver knows beyond the zone's servers: where the chains that leave it go, and
// the whole chain for resolver mode.
test::ResolverTable known() {
    return {{{"hop.customer.net.", LDNS_RR_TYPE_TXT},
             {"hop.customer.net. CNAME " + target, target + " TXT \"digest\""}},
            {{challenge, LDNS_RR_TYPE_TXT}, {to_target, target + " TXT \"digest\""}},
            // A chain that comes back to where it started, and one the resolver leaves open.
            {{"back.customer.net.", LDNS_RR_TYPE_TXT}, {"back.customer.net. CNAME " + challenge}},
            {{"open.customer.net.", LDNS_RR_TYPE_TXT},
             {"open.customer.net. CNAME further.customer.net."}}};
}

struct Zone : test::FakeZone {
    Zone(test::Script one, test::Script two) : FakeZone(std::move(one), std::move(two), known()) {}
};

ChallengeEvidence probe(const Zone& zone, CheckMode mode = CheckMode::Authoritative) {
    return test::run_probe<ChallengeEvidence>([&](DnsClient& client, auto done) {
        probe_challenge(client, zone.options(mode), challenge, target, std::move(done));
    });
}

} // namespace

TEST_CASE("every authority shows the CNAME to our target: delegated", "[checker][probe]") {
    const Zone zone(test::answering({to_target}), test::answering({to_target}));
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
    const Zone zone(test::answering({to_target}), test::answering({}, LDNS_RCODE_NXDOMAIN));
    const auto evidence = probe(zone);
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("servers disagree"));
    CHECK(evidence.readings[1].verdict == ChallengeVerdict::Absent);
}

TEST_CASE("one authority's SERVFAIL, or its silence, is no evidence", "[checker][probe]") {
    const Zone failing(test::answering({to_target}), test::answering({}, LDNS_RCODE_SERVFAIL));
    const auto evidence = probe(failing);
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("ns2.example.com."));
    CHECK_THAT(evidence.detail, Contains("SERVFAIL"));
    const Zone silent(test::answering({to_target}),
                      [](const test::ReceivedQuery&, std::size_t) { return test::Replies{}; });
    const auto quiet = probe(silent);
    CHECK(quiet.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(quiet.detail, Contains("timed out"));
}

TEST_CASE("a CNAME to someone else is misdelegated; a TXT there or nothing is not ours",
          "[checker][probe]") {
    const std::string other = challenge + " CNAME www.example.com.acme.other-provider.org.";
    const auto elsewhere = probe(Zone(test::answering({other}), test::answering({other})));
    CHECK(elsewhere.verdict == ChallengeVerdict::Elsewhere);
    CHECK(elsewhere.points_to == "www.example.com.acme.other-provider.org.");
    const std::string txt = challenge + " TXT \"customer's own\"";
    CHECK(probe(Zone(test::answering({txt}), test::answering({txt}))).verdict ==
          ChallengeVerdict::Txt);
    CHECK(probe(Zone(test::answering({}, LDNS_RCODE_NXDOMAIN),
                     test::answering({}, LDNS_RCODE_NXDOMAIN)))
              .verdict == ChallengeVerdict::Absent);
}

TEST_CASE("a chain that leaves the customer's zone is followed through the resolver",
          "[checker][probe]") {
    const std::string hop = challenge + " CNAME hop.customer.net.";
    const auto evidence = probe(Zone(test::answering({hop}), test::answering({hop})));
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
    const auto evidence = probe(Zone(test::answering({to_target}), lame));
    CHECK(evidence.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("not authoritative"));
}

TEST_CASE("resolver mode asks the resolver, with recursion", "[checker][probe]") {
    const Zone zone(test::answering({}), test::answering({}));
    const auto evidence = probe(zone, CheckMode::Resolver);
    CHECK(evidence.verdict == ChallengeVerdict::Delegated);
    REQUIRE(evidence.readings.size() == 1);
    CHECK(evidence.readings[0].chain == std::vector<std::string>{challenge, target});
    CHECK(zone.first.received().empty());
}

TEST_CASE("a chain that comes round through another zone, or is left open, is no evidence",
          "[checker][probe]") {
    const std::string back = challenge + " CNAME back.customer.net.";
    const auto loop = probe(Zone(test::answering({back}), test::answering({back})));
    CHECK(loop.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(loop.detail, Contains("an alias loop"));
    const std::string open = challenge + " CNAME open.customer.net.";
    const auto unfinished = probe(Zone(test::answering({open}), test::answering({open})));
    CHECK(unfinished.verdict == ChallengeVerdict::Unknown);
    CHECK_THAT(unfinished.detail, Contains("not followed to its end"));
}

} // namespace dcvd::checker
