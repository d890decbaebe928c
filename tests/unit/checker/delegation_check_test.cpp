// tests/unit/checker/delegation_check_test.cpp: a whole check (the challenge name and the host)
// on the fake zone, and the evidence line the state rules keep.
#include <catch2/catch.hpp>

#include "delegation_check.hpp"
#include "fake_zone.hpp"

namespace dcvd::checker {
namespace {

const std::string host = "www.example.com.";
const std::string challenge = "_acme-challenge.www.example.com.";
const std::string target = "www.example.com.validation.provider.net.";

std::shared_ptr<const Edge> provider_edge() {
    auto edge = Edge::make({"edge.provider.net."}, {*base::Cidr::parse("198.51.100.0/24")});
    REQUIRE(edge);
    return std::make_shared<const Edge>(std::move(*edge));
}

DelegationCheck check(const test::ResolverTable& zone_data, const std::string& name = host) {
    const test::FakeZone zone(test::answering_from(zone_data), test::answering_from(zone_data));
    return test::run_probe<DelegationCheck>([&](DnsClient& client, auto done) {
        check_delegation(client, zone.options(), name, target, provider_edge(), std::move(done));
    });
}

} // namespace

TEST_CASE("a delegation in place: our CNAME, and the host at the edge", "[checker][check]") {
    const auto result =
        check({{{challenge, LDNS_RR_TYPE_TXT}, {challenge + " CNAME " + target}},
               {{host, LDNS_RR_TYPE_A}, {host + " CNAME cust.edge.provider.net."}},
               {{host, LDNS_RR_TYPE_AAAA}, {host + " CNAME cust.edge.provider.net."}}});
    CHECK(result.outcome.challenge == ChallengeVerdict::Delegated);
    CHECK(result.outcome.host == HostVerdict::AtEdge);
    CHECK(result.outcome.evidence ==
          "_acme-challenge.www.example.com. -> www.example.com.validation.provider.net. "
          "(delegated); www.example.com. at the edge");
    CHECK(result.challenge.readings.size() == 2);
    CHECK(result.host.readings.size() == 2);
}

TEST_CASE("a customer gone: the CNAME left behind, the host elsewhere", "[checker][check]") {
    const auto result = check({{{challenge, LDNS_RR_TYPE_TXT}, {challenge + " CNAME " + target}},
                               {{host, LDNS_RR_TYPE_A}, {host + " A 203.0.113.7"}}});
    CHECK(result.outcome.challenge == ChallengeVerdict::Delegated);
    CHECK(result.outcome.host == HostVerdict::Elsewhere);
    CHECK(result.outcome.evidence ==
          "_acme-challenge.www.example.com. -> www.example.com.validation.provider.net. "
          "(delegated); www.example.com. -> 203.0.113.7 (not the edge)");
}

TEST_CASE("no CNAME, and a host that does not resolve", "[checker][check]") {
    const auto result = check({});
    CHECK(result.outcome.challenge == ChallengeVerdict::Absent);
    CHECK(result.outcome.host == HostVerdict::Absent);
    CHECK(result.outcome.evidence == "_acme-challenge.www.example.com. has no CNAME; "
                                     "www.example.com. does not resolve");
}

TEST_CASE("a host that is no domain name is no evidence", "[checker][check]") {
    const auto result = check({}, "a..b");
    CHECK(result.outcome.challenge == ChallengeVerdict::Unknown);
    CHECK(result.outcome.host == HostVerdict::Unknown);
    CHECK(result.outcome.evidence == "not a domain name: \"a..b\"");
}

} // namespace dcvd::checker
