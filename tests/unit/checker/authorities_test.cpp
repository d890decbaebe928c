// tests/unit/checker/authorities_test.cpp: the zone cut above a name and its servers' addresses,
// found through a scripted resolver (RFC 1034 §4.2.1: the closest enclosing NS RRset).
#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <catch2/catch.hpp>

#include "authorities.hpp"
#include "fake_dns_server.hpp"
#include "observation.hpp"

namespace dcvd::checker {
namespace {

using Catch::Matchers::Contains;
using Table = std::map<std::pair<std::string, ldns_rr_type>, std::vector<std::string>>;

// Called on the fake server's thread too, so no Catch assertion here: the client's queries
// always parse (a stray packet would get an empty name).
std::pair<std::string, ldns_rr_type> question_of(const test::ReceivedQuery& query) {
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, query.wire.data(), query.wire.size()) != LDNS_STATUS_OK ||
        ldns_rr_list_rr_count(ldns_pkt_question(parsed)) != 1) {
        ldns_pkt_free(parsed);
        return {};
    }
    const Packet packet(parsed);
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(packet.get()), 0);
    return {name_text(*ldns_rr_owner(question)), ldns_rr_get_type(question)};
}

// A resolver that answers from `table` (NODATA for anything else), or with SERVFAIL for names
// in `failing`.
test::Script resolver(Table table, std::vector<std::string> failing = {}) {
    return [table = std::move(table),
            failing = std::move(failing)](const test::ReceivedQuery& query, std::size_t) {
        const auto asked = question_of(query);
        if (std::find(failing.begin(), failing.end(), asked.first) != failing.end()) {
            return test::Replies{test::response_to(query, {}, false, 0, {}, LDNS_RCODE_SERVFAIL)};
        }
        const auto found = table.find(asked);
        return test::Replies{test::response_to(
            query, found == table.end() ? std::vector<std::string>{} : found->second)};
    };
}

const Table example_com = {
    {{"example.com.", LDNS_RR_TYPE_NS},
     {"example.com. NS ns1.example.com.", "example.com. NS ns2.example.net."}},
    {{"ns1.example.com.", LDNS_RR_TYPE_A}, {"ns1.example.com. A 127.0.0.11"}},
    {{"ns1.example.com.", LDNS_RR_TYPE_AAAA}, {"ns1.example.com. AAAA ::1"}},
    {{"ns2.example.net.", LDNS_RR_TYPE_A}, {"ns2.example.net. A 127.0.0.12"}},
};

base::Result<Authorities> find(std::uint16_t resolver_port, const std::string& name) {
    uv::Loop loop;
    std::optional<base::Result<Authorities>> outcome;
    {
        DnsClientOptions options;
        options.timeout = std::chrono::milliseconds(500);
        DnsClient client(loop, options);
        find_authorities(
            client, *uv::Endpoint::parse("127.0.0.1:" + std::to_string(resolver_port)), name, 5300,
            [&outcome](base::Result<Authorities> found) { outcome = std::move(found); });
        loop.run();
    }
    REQUIRE(outcome.has_value());
    return std::move(*outcome);
}

} // namespace

TEST_CASE("the closest enclosing NS RRset is the zone; each NS gets its addresses",
          "[checker][authorities]") {
    test::FakeDnsServer server(resolver(example_com));
    const auto found = find(server.port(), "_ACME-challenge.www.example.com.");
    REQUIRE(found);
    CHECK(found->zone == "example.com.");
    REQUIRE(found->servers.size() == 2);
    CHECK(found->servers[0].name == "ns1.example.com.");
    REQUIRE(found->servers[0].addresses.size() == 2);
    CHECK(found->servers[0].addresses[0].to_string() == "127.0.0.11:5300");
    CHECK(found->servers[0].addresses[1].to_string() == "[::1]:5300");
    CHECK(found->servers[1].name == "ns2.example.net.");
    REQUIRE(found->servers[1].addresses.size() == 1);
    CHECK(found->servers[1].addresses[0].to_string() == "127.0.0.12:5300");
    // Asked upwards, with recursion desired: the name, its parent, then the zone.
    std::vector<std::string> asked;
    for (const auto& query : server.received()) {
        if (question_of(query).second == LDNS_RR_TYPE_NS) {
            asked.push_back(question_of(query).first);
        }
    }
    CHECK(asked == std::vector<std::string>{"_acme-challenge.www.example.com.", "www.example.com.",
                                            "example.com."});
}

TEST_CASE("a name that is an alias is no zone cut, whatever the chain's end has",
          "[checker][authorities]") {
    Table table = example_com;
    table[{"www.example.com.", LDNS_RR_TYPE_NS}] = {
        "www.example.com. CNAME cust.edge.provider.net.",
        "cust.edge.provider.net. NS ns.provider.net."};
    test::FakeDnsServer server(resolver(table));
    const auto found = find(server.port(), "www.example.com.");
    REQUIRE(found);
    CHECK(found->zone == "example.com.");
}

TEST_CASE("a resolver's SERVFAIL is no evidence: the search fails", "[checker][authorities]") {
    test::FakeDnsServer server(resolver(example_com, {"www.example.com."}));
    const auto found = find(server.port(), "_acme-challenge.www.example.com.");
    REQUIRE_FALSE(found);
    CHECK(found.error().code == base::ErrorCode::Unavailable);
    CHECK_THAT(found.error().message, Contains("SERVFAIL"));
}

TEST_CASE("a zone whose servers have no address cannot be asked", "[checker][authorities]") {
    test::FakeDnsServer server(
        resolver({{{"example.com.", LDNS_RR_TYPE_NS}, {"example.com. NS ns1.example.com."}}}));
    const auto found = find(server.port(), "www.example.com.");
    REQUIRE_FALSE(found);
    CHECK_THAT(found.error().message, Contains("no NS of example.com. has an address"));
}

TEST_CASE("a name that is no domain name is refused before any query", "[checker][authorities]") {
    test::FakeDnsServer server(resolver(example_com));
    const auto found = find(server.port(), "a..b.");
    REQUIRE_FALSE(found);
    CHECK(found.error().code == base::ErrorCode::Invalid);
    CHECK(server.received().empty());
}

} // namespace dcvd::checker
