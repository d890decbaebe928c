// tests/unit/checker/host_probe_test.cpp: where a customer's host points, at both scripted
// authorities of example.com. (or the resolver), against the provider's edge.
#include <catch2/catch.hpp>

#include "fake_zone.hpp"
#include "host_probe.hpp"

namespace dcvd::checker {
namespace {

using Catch::Matchers::Contains;

const std::string host = "www.example.com.";

std::shared_ptr<const Edge> provider_edge() {
    auto edge = Edge::make({"edge.provider.net."}, {*base::Cidr::parse("198.51.100.0/24"),
                                                    *base::Cidr::parse("2001:db8::/32")});
    REQUIRE(edge);
    return std::make_shared<const Edge>(std::move(*edge));
}

HostEvidence probe(const test::FakeZone& zone, CheckMode mode = CheckMode::Authoritative) {
    return test::run_probe<HostEvidence>([&](DnsClient& client, auto done) {
        probe_host(client, zone.options(mode), host, provider_edge(), std::move(done));
    });
}

test::FakeZone both(const std::vector<std::string>& answers, test::ResolverTable known = {}) {
    return {test::answering(answers), test::answering(answers), std::move(known)};
}

} // namespace

TEST_CASE("a host aliased to an edge name is at the edge", "[checker][host]") {
    const auto evidence = probe(both({"www.example.com. CNAME cust.edge.provider.net."}));
    CHECK(evidence.verdict == HostVerdict::AtEdge);
    REQUIRE(evidence.readings.size() == 2);
    CHECK(evidence.readings[0].chain == std::vector<std::string>{host, "cust.edge.provider.net."});
}

TEST_CASE("a host with an address in an edge range is at the edge, even beside another",
          "[checker][host]") {
    CHECK(probe(both({"www.example.com. A 198.51.100.7"})).verdict == HostVerdict::AtEdge);
    // Moving: an IPv4 address elsewhere, an IPv6 one of ours. It still reaches us.
    CHECK(probe(both({"www.example.com. A 203.0.113.7", "www.example.com. AAAA 2001:db8::7"}))
              .verdict == HostVerdict::AtEdge);
}

TEST_CASE("a host whose addresses are all elsewhere has moved", "[checker][host]") {
    const auto evidence =
        probe(both({"www.example.com. A 203.0.113.7", "www.example.com. AAAA 2001:db9::7"}));
    CHECK(evidence.verdict == HostVerdict::Elsewhere);
    CHECK(evidence.points_to == "203.0.113.7, 2001:db9::7");
}

TEST_CASE("a host aliased out of its zone is followed through the resolver", "[checker][host]") {
    const auto evidence = probe(
        both({"www.example.com. CNAME www.other-cdn.net."},
             {{{"www.other-cdn.net.", LDNS_RR_TYPE_A}, {"www.other-cdn.net. A 192.0.2.80"}}}));
    CHECK(evidence.verdict == HostVerdict::Elsewhere);
    CHECK(evidence.points_to == "192.0.2.80");
    CHECK(evidence.readings[0].chain == std::vector<std::string>{host, "www.other-cdn.net."});
}

TEST_CASE("a host that does not resolve is absent", "[checker][host]") {
    const test::FakeZone zone(test::answering({}, LDNS_RCODE_NXDOMAIN),
                              test::answering({}, LDNS_RCODE_NXDOMAIN));
    CHECK(probe(zone).verdict == HostVerdict::Absent);
}

TEST_CASE("authorities that disagree about the host are no evidence", "[checker][host]") {
    const test::FakeZone zone(test::answering({"www.example.com. CNAME cust.edge.provider.net."}),
                              test::answering({"www.example.com. A 203.0.113.7"}));
    const auto evidence = probe(zone);
    CHECK(evidence.verdict == HostVerdict::Unknown);
    CHECK_THAT(evidence.detail, Contains("servers disagree"));
    CHECK_THAT(evidence.detail, Contains("203.0.113.7"));
}

TEST_CASE("resolver mode reads the resolver's whole chain", "[checker][host]") {
    const test::FakeZone zone(test::answering({}), test::answering({}),
                              {{{host, LDNS_RR_TYPE_A},
                                {"www.example.com. CNAME cust.cdn.example.", "cust.cdn.example. A "
                                                                             "198.51.100.9"}}});
    const auto evidence = probe(zone, CheckMode::Resolver);
    CHECK(evidence.verdict == HostVerdict::AtEdge);
    CHECK(zone.first.received().empty());
}

} // namespace dcvd::checker
