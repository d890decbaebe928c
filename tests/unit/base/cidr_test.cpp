// unit/base/cidr_test.cpp: CIDR prefixes (RFC 4632; IPv6 RFC 4291 §2.3) for access lists.
#include <catch2/catch.hpp>

#include "dcvd/base/cidr.hpp"

namespace dcvd::base {
namespace {

bool within(std::string_view cidr, std::string_view address) {
    const auto prefix = Cidr::parse(cidr);
    REQUIRE(prefix);
    const auto ip = parse_ip(address);
    REQUIRE(ip);
    return prefix->contains(*ip);
}

} // namespace

TEST_CASE("a prefix holds the addresses that share its leading bits", "[base][cidr]") {
    CHECK(within("192.0.2.0/24", "192.0.2.77"));
    CHECK_FALSE(within("192.0.2.0/24", "192.0.3.1"));
    CHECK(within("10.0.0.0/9", "10.127.255.255"));
    CHECK_FALSE(within("10.0.0.0/9", "10.128.0.0"));
    CHECK(within("0.0.0.0/0", "203.0.113.9"));
    CHECK(within("2001:db8::/32", "2001:db8:ffff::1"));
    CHECK_FALSE(within("2001:db8::/32", "2001:db9::1"));
    CHECK(within("127.0.0.1", "127.0.0.1"));
    CHECK_FALSE(within("127.0.0.1", "127.0.0.2"));
    // A family never matches the other.
    CHECK_FALSE(within("::/0", "192.0.2.1"));
}

TEST_CASE("an IPv4-mapped IPv6 peer is its IPv4 address (RFC 4291 §2.5.5.2)", "[base][cidr]") {
    CHECK(within("192.0.2.0/24", "::ffff:192.0.2.5"));
}

TEST_CASE("malformed prefixes are refused, bits past the length too", "[base][cidr]") {
    for (const char* bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.1/8",
                            "2001:db8::1/32", "::/129", "300.0.0.0/8", "example.com"}) {
        INFO(bad);
        CHECK_FALSE(Cidr::parse(bad));
    }
    CHECK(Cidr::parse("2001:DB8::/32")->to_text() == "2001:db8::/32");
    CHECK(Cidr::parse("192.0.2.1")->to_text() == "192.0.2.1/32");
}

TEST_CASE("an address is written in its canonical text (RFC 5952 §4 for IPv6)", "[base][cidr]") {
    CHECK(to_text(*parse_ip("192.0.2.1")) == "192.0.2.1");
    CHECK(to_text(*parse_ip("2001:DB8:0:0:0:0:0:1")) == "2001:db8::1");
    CHECK(to_text(*parse_ip("::ffff:198.51.100.7")) == "198.51.100.7"); // read as IPv4
}

} // namespace dcvd::base
