// tests/unit/crypto/base64url_test.cpp: base64url against RFC 4648 §10's vectors (no padding,
// RFC 4648 §5 alphabet), and the two symbols that differ from base64.
#include <catch2/catch.hpp>

#include <array>
#include <string_view>

#include "dcvd/crypto/base64url.hpp"

namespace dcvd::crypto {
namespace {

std::string encode(std::string_view text) {
    return base64url(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace

TEST_CASE("base64url encodes RFC 4648 §10's test vectors without padding", "[base64url]") {
    CHECK(encode("").empty());
    CHECK(encode("f") == "Zg");
    CHECK(encode("fo") == "Zm8");
    CHECK(encode("foo") == "Zm9v");
    CHECK(encode("foob") == "Zm9vYg");
    CHECK(encode("fooba") == "Zm9vYmE");
    CHECK(encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64url uses '-' and '_' where base64 has '+' and '/' (RFC 4648 §5)", "[base64url]") {
    // 0xfb 0xff 0xbf: sextets 62 63 62 63 ("+/+/" in base64).
    constexpr std::array<std::uint8_t, 3> high{0xfb, 0xff, 0xbf};
    CHECK(base64url(high) == "-_-_");
    constexpr std::array<std::uint8_t, 2> tail{0xff, 0xff};
    CHECK(base64url(tail) == "__8");
}

TEST_CASE("32 bytes make 43 symbols", "[base64url]") {
    const std::array<std::uint8_t, 32> zeros{};
    CHECK(base64url(zeros) == std::string(43, 'A'));
    CHECK(base64url(zeros).size() == 43);
}

} // namespace dcvd::crypto
