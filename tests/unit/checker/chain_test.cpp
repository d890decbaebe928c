// tests/unit/checker/chain_test.cpp: alias chains inside one reply (RFC 1034 §3.6.2, §4.3.2),
// and the provider's edge by name and by address.
#include <catch2/catch.hpp>

#include "chain.hpp"
#include "edge.hpp"
#include "reply_builder.hpp"

namespace dcvd::checker {
namespace {

using test::reply;

const std::string challenge = "_acme-challenge.www.example.com.";

Chain follow(const std::string& name, const test::ReplySpec& spec,
             ldns_rr_type type = LDNS_RR_TYPE_TXT) {
    const auto packet = reply(name, type, spec);
    return follow_chain(*packet, name, type, false);
}

base::IpAddress ip(const char* text) {
    auto address = base::parse_ip(text);
    REQUIRE(address);
    return *address;
}

} // namespace

TEST_CASE("a resolver's chain is followed to its records", "[checker][chain]") {
    const auto chain = follow(
        challenge, {.answer = {"_acme-challenge.www.example.com. CNAME hop.customer.net.",
                               "hop.customer.net. CNAME www.example.com.validation.provider.net.",
                               "www.example.com.validation.provider.net. TXT \"digest\""}});
    CHECK(chain.names == std::vector<std::string>{challenge, "hop.customer.net.",
                                                  "www.example.com.validation.provider.net."});
    CHECK(chain.end.answer == NameAnswer::Records);
    CHECK_FALSE(chain.looped);
}

TEST_CASE("a chain that leaves the reply ends as an alias to ask for elsewhere",
          "[checker][chain]") {
    const auto chain =
        follow(challenge, {.answer = {"_acme-challenge.www.example.com. CNAME hop.customer.net."}});
    CHECK(chain.names == std::vector<std::string>{challenge, "hop.customer.net."});
    CHECK(chain.end.answer == NameAnswer::Alias);
    CHECK(chain.end.target == "hop.customer.net.");
}

TEST_CASE("a CNAME loop, or a chain too long, is marked as such", "[checker][chain]") {
    const auto loop = follow(
        "a.example.", {.answer = {"a.example. CNAME b.example.", "b.example. CNAME a.example."}});
    CHECK(loop.looped);
    CHECK(loop.names == std::vector<std::string>{"a.example.", "b.example."});
    // 14 links: more than max_chain_length.
    const auto long_chain =
        follow("n0.example.",
               {.answer = {"n0.example. CNAME n1.example.", "n1.example. CNAME n2.example.",
                           "n2.example. CNAME n3.example.", "n3.example. CNAME n4.example.",
                           "n4.example. CNAME n5.example.", "n5.example. CNAME n6.example.",
                           "n6.example. CNAME n7.example.", "n7.example. CNAME n8.example.",
                           "n8.example. CNAME n9.example.", "n9.example. CNAME na.example.",
                           "na.example. CNAME nb.example.", "nb.example. CNAME nc.example.",
                           "nc.example. CNAME nd.example.", "nd.example. CNAME ne.example."}});
    CHECK(long_chain.looped);
    CHECK(long_chain.names.size() == max_chain_length + 1);
}

TEST_CASE("a host's chain ends in its addresses", "[checker][chain]") {
    const auto chain = follow("www.example.com.",
                              {.answer = {"www.example.com. CNAME cust.edge.provider.net.",
                                          "cust.edge.provider.net. A 198.51.100.20"}},
                              LDNS_RR_TYPE_A);
    CHECK(chain.names.back() == "cust.edge.provider.net.");
    REQUIRE(chain.end.addresses.size() == 1);
    CHECK(chain.end.addresses[0].bytes[3] == 20);
}

TEST_CASE("the edge by name: a suffix or below it, label by label", "[checker][edge]") {
    auto edge = Edge::make({"edge.provider.net."}, {});
    REQUIRE(edge);
    CHECK(edge->has_name("edge.provider.net."));
    CHECK(edge->has_name("Cust.EDGE.provider.net."));
    CHECK_FALSE(edge->has_name("notedge.provider.net."));
    CHECK_FALSE(edge->has_name("provider.net."));
    // One label, "cust.edge", right below provider.net.: not below edge.provider.net.
    CHECK_FALSE(edge->has_name("cust\\.edge.provider.net."));
    CHECK_FALSE(Edge::make({"a..b."}, {}));
}

TEST_CASE("the edge by address: IPv4 and IPv6 ranges", "[checker][edge]") {
    auto edge = Edge::make(
        {}, {*base::Cidr::parse("198.51.100.0/24"), *base::Cidr::parse("2001:db8::/32")});
    REQUIRE(edge);
    CHECK(edge->has_address(ip("198.51.100.7")));
    CHECK_FALSE(edge->has_address(ip("203.0.113.7")));
    CHECK(edge->has_address(ip("2001:db8:1::5")));
    CHECK_FALSE(edge->has_address(ip("2001:db9::5")));
}

} // namespace dcvd::checker
