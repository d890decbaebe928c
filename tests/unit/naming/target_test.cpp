// tests/unit/naming/target_test.cpp: host validation messages, targets, and the hashed label
// that stands in for hosts too long to be a target (DESIGN.md §2).
#include <catch2/catch.hpp>

#include "dcvd/naming/target.hpp"

namespace dcvd::naming {
namespace {

using Catch::Matchers::Contains;

wire::Name apex() {
    wire::Name name;
    REQUIRE(wire::Name::from_text("Validation.Example.NET.", name));
    return name;
}

std::string refusal(std::string_view host) {
    const auto normalized = normalize_host(host, apex());
    REQUIRE_FALSE(normalized);
    CHECK(normalized.error().code == base::ErrorCode::Invalid);
    return normalized.error().message;
}

std::string labels(std::initializer_list<std::pair<char, std::size_t>> parts) {
    std::string host;
    for (const auto& [c, n] : parts) {
        host += (host.empty() ? "" : ".") + std::string(n, c);
    }
    return host;
}

} // namespace

TEST_CASE("a host is lower-cased and loses one trailing dot", "[naming]") {
    CHECK(normalize_host("WWW.Example.COM.", apex()).value() == "www.example.com");
    CHECK(normalize_host("www.xn--bcher-kva.example", apex()).value() ==
          "www.xn--bcher-kva.example");
    CHECK(normalize_host("a-b.c1.example", apex()).value() == "a-b.c1.example");
}

TEST_CASE("host refusals name the label, the character and its offset", "[naming]") {
    CHECK(refusal("ex ample.com") == "label 'ex ample' has a space at offset 2: only letters, "
                                     "digits and '-' are allowed");
    CHECK_THAT(refusal("www.exa!mple.com"), Contains("label 'exa!mple' has '!' at offset 3"));
    CHECK_THAT(refusal("b\xc3"
                       "cher.example"),
               Contains("non-ASCII octet 0xc3 at offset 1") && Contains("not valid UTF-8"));
    CHECK_THAT(refusal("a\tb.example"), Contains("control octet 0x09 at offset 1"));
    CHECK_THAT(refusal("-www.example.com"), Contains("label '-www' starts with a hyphen"));
    CHECK_THAT(refusal("www-.example.com"), Contains("label 'www-' ends with a hyphen"));
    CHECK_THAT(refusal("www..example.com"), Contains("empty label"));
    CHECK_THAT(refusal(std::string(64, 'a') + ".example.com"),
               Contains("is 64 octets long: at most 63"));
    CHECK_THAT(refusal(labels({{'a', 63}, {'b', 63}, {'c', 63}, {'d', 60}, {'e', 1}})),
               Contains("254 octets long: at most 253"));
    CHECK(refusal("") == "host is empty");
    CHECK(refusal(".") == "host is empty");
}

// RFC 952 and RFC 1123 §2.1: a certificate's host name holds letters, digits and hyphens only.
TEST_CASE("an underscore is refused: no certificate can name such a host", "[naming]") {
    CHECK_THAT(refusal("_dmarc.example.com"),
               Contains("label '_dmarc' has '_' at offset 0: only letters, digits and '-'"));
}

// IDNA2008 (RFC 5890, RFC 5891 §5) with UTS #46 mapping, non-transitional, as libidn2 does it.
TEST_CASE("an internationalized host is converted to A-labels", "[naming]") {
    CHECK(normalize_host("www.b\xc3\xbc"
                         "cher.example",
                         apex())
              .value() == "www.xn--bcher-kva.example");
    CHECK(normalize_host("B\xc3\x9c"
                         "CHER.Example.",
                         apex())
              .value() == "xn--bcher-kva.example");
    CHECK(normalize_host("stra\xc3\x9f"
                         "e.example",
                         apex())
              .value() == "xn--strae-oqa.example");
}

TEST_CASE("an invalid internationalized host is refused with libidn2's reason", "[naming]") {
    CHECK_THAT(refusal("xn--zz-zzzzzzz.example"), Contains("not a valid internationalized name"));
    // A label may not begin with a combining mark (RFC 5891 §5.4): U+0301 here.
    CHECK_THAT(refusal("\xcc\x81"
                       "a.example"),
               Contains("not a valid internationalized name"));
}

TEST_CASE("a wildcard is refused with the name to register instead", "[naming]") {
    CHECK(refusal("*.Example.com") ==
          "'*.Example.com' is a wildcard: register 'example.com', where a wildcard order "
          "validates");
    CHECK_THAT(refusal("www.*.example.com"), Contains("'*' at offset 0"));
}

TEST_CASE("a host needs at least two labels", "[naming]") {
    CHECK_THAT(refusal("localhost"), Contains("a host needs at least two labels"));
    CHECK_THAT(refusal("com."), Contains("a host needs at least two labels"));
}

TEST_CASE("a host inside the validation zone is refused", "[naming]") {
    CHECK_THAT(refusal("www.example.com.validation.example.net"),
               Contains("host is inside the validation zone 'validation.example.net.'"));
    CHECK_THAT(refusal("VALIDATION.example.net."), Contains("inside the validation zone"));
    CHECK(normalize_host("validation.example.net.evil.example", apex()));
}

TEST_CASE("a target is <host>.<apex> with the host's key below the apex", "[naming]") {
    const auto target = target_for("www.example.com", apex());
    REQUIRE(target);
    CHECK(target->host == "www.example.com");
    CHECK(target->name.to_text() == "www.example.com.validation.example.net.");
    CHECK_FALSE(target->hashed);
    const std::vector<std::uint8_t> key = {'c', 'o', 'm', 0, 'e', 'x', 'a', 'm',
                                           'p', 'l', 'e', 0, 'w', 'w', 'w', 0};
    CHECK(target->key == key);
}

TEST_CASE("a host whose target would exceed 255 octets (RFC 1035 §2.3.4) gets the hashed "
          "label h<base32 of SHA-256(host)>",
          "[naming]") {
    // validation.example.net. takes 24 wire octets, a host of n characters n + 1: 230 fits.
    const std::string fits = labels({{'a', 63}, {'b', 63}, {'c', 63}, {'d', 35}}) + ".io";
    REQUIRE(fits.size() == 230);
    const auto plain = target_for(fits, apex());
    REQUIRE(plain);
    CHECK_FALSE(plain->hashed);
    CHECK(plain->name.size() == 255);

    const std::string host = labels({{'a', 60}, {'b', 60}, {'c', 60}, {'d', 60}}) + ".com";
    // Oracle: Python's base64.b32encode(hashlib.sha256(host).digest()), lower-cased, unpadded.
    const std::string expected = "hlm2dhvi733cif5jt4ggdnaelxopspblaxm6dfpikgw4wyzcyq2da";
    CHECK(hashed_label(host) == expected);
    CHECK(hashed_label("www.example.com") ==
          "hqd6a7ojgnw33qp4fquh2bzsurnwxb3tizc23iexr33vg5pppaqca");
    const auto hashed = target_for(host, apex());
    REQUIRE(hashed);
    CHECK(hashed->hashed);
    CHECK(hashed->host == host);
    CHECK(hashed->name.to_text() == expected + ".validation.example.net.");
    std::vector<std::uint8_t> key(expected.begin(), expected.end());
    key.push_back(0);
    CHECK(hashed->key == key);
}

TEST_CASE("target_for refuses a host that was not normalized", "[naming]") {
    CHECK_FALSE(target_for("www..example.com", apex()));
    CHECK_FALSE(target_for(std::string(64, 'a') + ".com", apex()));
}

} // namespace dcvd::naming
