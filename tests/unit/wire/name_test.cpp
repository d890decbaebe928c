// unit/wire/name_test.cpp: Name's text and wire forms and the store's canonical keys, against
// ldns.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dcvd/wire/name.hpp"
#include "support/test_message.hpp"

using namespace dcvd;
using namespace dcvd::test;

namespace {

using LdnsRdf = base::CHandle<ldns_rdf, ldns_rdf_deep_free>;

LdnsRdf ldns_name(const std::string& text) {
    ldns_rdf* raw = nullptr;
    REQUIRE(ldns_str2rdf_dname(&raw, text.c_str()) == LDNS_STATUS_OK);
    return LdnsRdf(raw);
}

Bytes key_of(const wire::Name& name, std::size_t apex_labels) {
    wire::KeyBuffer buffer{};
    const std::size_t size = wire::relative_key(name.wire(), apex_labels, buffer);
    REQUIRE(size != wire::invalid_key);
    return Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
}

} // namespace

TEST_CASE("names from text have the wire form ldns gives them, escapes included", "[wire][name]") {
    const std::vector<std::string> spellings{
        "www.example.net.",     "Mixed.Case.Example.",         "a\\.b.example.",
        "\\065\\000x.example.", "_acme-challenge.example.net", std::string(63, 'a') + ".example."};
    for (const auto& spelled : spellings) {
        CAPTURE(spelled);
        wire::Name name;
        REQUIRE(wire::Name::from_text(spelled, name));
        const LdnsRdf oracle = ldns_name(spelled);
        const auto* data = ldns_rdf_data(oracle.get());
        CHECK(Bytes(name.wire().begin(), name.wire().end()) ==
              Bytes(data, data + ldns_rdf_size(oracle.get())));
        CHECK(name.to_text() == text(oracle.get()));
    }
}

TEST_CASE("names RFC 1035 forbids are refused", "[wire][name]") {
    wire::Name name;
    CHECK_FALSE(wire::Name::from_text("", name));
    CHECK_FALSE(wire::Name::from_text("a..b.", name));
    CHECK_FALSE(wire::Name::from_text(".a.", name));
    CHECK_FALSE(wire::Name::from_text(std::string(64, 'a') + ".example.", name));
    CHECK_FALSE(wire::Name::from_text("\\256.example.", name));
    std::string long_name;
    for (int i = 0; i < 4; ++i) {
        long_name += std::string(63, 'a') + ".";
    }
    CHECK_FALSE(wire::Name::from_text(long_name, name)); // 4 * 64 + 1 = 257 octets
    const Bytes compressed{1, 'a', 0xC0, 12};
    CHECK_FALSE(wire::Name::from_wire(compressed, name));
}

TEST_CASE("canonical keys sort as RFC 4034 §6.1 orders the names (ldns_dname_compare)",
          "[wire][name]") {
    wire::Name apex;
    REQUIRE(wire::Name::from_text("validation.example.net.", apex));
    std::vector<std::string> names{
        "a.validation.example.net.",       "B.a.validation.example.net.",
        "z.validation.example.net.",       "a-b.validation.example.net.",
        "_x.z.validation.example.net.",    "zz.validation.example.net.",
        "\\001.z.validation.example.net.", "validation.example.net.",
        "*.z.validation.example.net.",     "yljkjljk.a.validation.example.net."};
    auto by_key = names;
    std::sort(by_key.begin(), by_key.end(), [&](const std::string& a, const std::string& b) {
        wire::Name na;
        wire::Name nb;
        REQUIRE(wire::Name::from_text(a, na));
        REQUIRE(wire::Name::from_text(b, nb));
        return key_of(na, apex.label_count()) < key_of(nb, apex.label_count());
    });
    auto by_ldns = names;
    std::sort(by_ldns.begin(), by_ldns.end(), [](const std::string& a, const std::string& b) {
        return ldns_dname_compare(ldns_name(a).get(), ldns_name(b).get()) < 0;
    });
    CHECK(by_key == by_ldns);
}

TEST_CASE("the apex has the empty key; names above it have none", "[wire][name]") {
    wire::Name apex;
    REQUIRE(wire::Name::from_text("Validation.Example.Net.", apex));
    CHECK(key_of(apex, 3).empty());
    wire::Name parent;
    REQUIRE(wire::Name::from_text("example.net.", parent));
    wire::KeyBuffer buffer{};
    CHECK(wire::relative_key(parent.wire(), 3, buffer) == wire::invalid_key);
    wire::Name with_nul;
    REQUIRE(wire::Name::from_text("a\\000b.validation.example.net.", with_nul));
    CHECK(wire::relative_key(with_nul.wire(), 3, buffer) == wire::invalid_key);
}

TEST_CASE("the store key lower-cases the 26 ASCII capitals and no other octet (RFC 4343 §3)",
          "[wire][name]") {
    for (unsigned octet = 1; octet <= 0xFF; ++octet) {
        CAPTURE(octet);
        // x<octet>y.example. in wire form, keyed below the 1-label apex "example.".
        const std::vector<std::uint8_t> wire_form{
            3, 'x', static_cast<std::uint8_t>(octet), 'Y', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
        wire::Name name;
        REQUIRE(wire::Name::from_wire(wire_form, name));
        const bool capital = octet >= 'A' && octet <= 'Z';
        const auto expected = static_cast<std::uint8_t>(capital ? octet + ('a' - 'A') : octet);
        CHECK(key_of(name, 1) == Bytes{'x', expected, 'y', 0});
    }
}

TEST_CASE("subdomains and equality ignore ASCII case (RFC 4343)", "[wire][name]") {
    wire::Name apex;
    wire::Name below;
    wire::Name other;
    REQUIRE(wire::Name::from_text("validation.example.net.", apex));
    REQUIRE(wire::Name::from_text("WWW.VALIDATION.Example.NET.", below));
    REQUIRE(wire::Name::from_text("xvalidation.example.net.", other));
    CHECK(below.is_subdomain_of(apex));
    CHECK(apex.is_subdomain_of(apex));
    CHECK_FALSE(apex.is_subdomain_of(below));
    CHECK_FALSE(other.is_subdomain_of(apex));
    CHECK(below.lowered().to_text() == "www.validation.example.net.");
}
