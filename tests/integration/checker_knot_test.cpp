// integration/checker_knot_test.cpp: the delegation checker against real authoritative servers:
// two knotd for the customer's zone example.com. (ns1 on 127.0.0.11, ns2 on 127.0.0.12, one
// port), the first also standing in for the resolver (it answers its own zone's NS and glue).
#include <optional>

#include <catch2/catch.hpp>

#include "customer_zone.hpp"
#include "delegation_check.hpp"

namespace dcvd::integration {
namespace {

using namespace dcvd::checker;

const std::string target = "www.example.com.validation.provider.net.";

const std::string delegated = "_acme-challenge.www CNAME " + target + "\n";
const std::string host_at_edge = "www CNAME cust.edge.provider.net.\n";
const std::string host_elsewhere = "www A 203.0.113.7\n";

DelegationCheck check(const CustomerZone& zone) {
    const std::uint16_t port = zone.port;
    ProbeOptions options;
    options.resolvers = {*uv::Endpoint::parse("127.0.0.11:" + std::to_string(port))};
    options.authority_port = port;
    auto edge = Edge::make({"edge.provider.net."}, {*base::Cidr::parse("198.51.100.0/24")});
    REQUIRE(edge);
    const auto shared_edge = std::make_shared<const Edge>(std::move(*edge));
    uv::Loop loop;
    std::optional<DelegationCheck> outcome;
    {
        DnsClientOptions client_options;
        client_options.timeout = std::chrono::milliseconds(1000);
        DnsClient client(loop, client_options);
        check_delegation(client, options, "www.example.com", target, shared_edge,
                         [&outcome](DelegationCheck done) { outcome = std::move(done); });
        loop.run();
    }
    REQUIRE(outcome.has_value());
    INFO(outcome->outcome.evidence);
    return std::move(*outcome);
}

} // namespace

TEST_CASE("checker against Knot: our CNAME on both servers and the host at the edge",
          "[checker][knot]") {
    const auto result = check(CustomerZone(delegated + host_at_edge, delegated + host_at_edge));
    CHECK(result.outcome.challenge == ChallengeVerdict::Delegated);
    CHECK(result.outcome.host == HostVerdict::AtEdge);
    CHECK(result.challenge.readings.size() == 2);
}

TEST_CASE("checker against Knot: the host moved away, the CNAME left behind", "[checker][knot]") {
    const auto result = check(CustomerZone(delegated + host_elsewhere, delegated + host_elsewhere));
    CHECK(result.outcome.challenge == ChallengeVerdict::Delegated);
    CHECK(result.outcome.host == HostVerdict::Elsewhere);
    CHECK(result.host.points_to == "203.0.113.7");
}

TEST_CASE("checker against Knot: a server still without the CNAME holds the verdict back",
          "[checker][knot]") {
    const auto result = check(CustomerZone(delegated + host_at_edge, host_at_edge));
    CHECK(result.outcome.challenge == ChallengeVerdict::Unknown);
    CHECK_THAT(result.challenge.detail, Catch::Matchers::Contains("servers disagree"));
}

} // namespace dcvd::integration
