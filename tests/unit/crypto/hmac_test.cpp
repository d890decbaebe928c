// tests/unit/crypto/hmac_test.cpp: HMAC-SHA256 against the test vectors of RFC 4231 §4.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "dcvd/crypto/hex.hpp"
#include "dcvd/crypto/hmac.hpp"

namespace dcvd::crypto {
namespace {

std::vector<std::uint8_t> repeated(std::uint8_t byte, std::size_t count) {
    return std::vector<std::uint8_t>(count, byte);
}

std::vector<std::uint8_t> octets(std::string_view text) {
    return {text.begin(), text.end()};
}

std::string hmac_hex(const std::vector<std::uint8_t>& key, const std::vector<std::uint8_t>& data) {
    return to_hex(hmac_sha256(key, data));
}

} // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231 §4 test cases 1-4", "[hmac]") {
    // Test case 1: a 20-octet key, a short message.
    CHECK(hmac_hex(repeated(0x0b, 20), octets("Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2: a key shorter than the output.
    CHECK(hmac_hex(octets("Jefe"), octets("what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 3: key and data of repeated octets.
    CHECK(hmac_hex(repeated(0xaa, 20), repeated(0xdd, 50)) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    // Test case 4: the key 0x01..0x19.
    std::vector<std::uint8_t> key;
    for (std::uint8_t byte = 0x01; byte <= 0x19; ++byte) {
        key.push_back(byte);
    }
    CHECK(hmac_hex(key, repeated(0xcd, 50)) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 §4.6 test case 5 truncated to 128 bits", "[hmac]") {
    CHECK(hmac_hex(repeated(0x0c, 20), octets("Test With Truncation")).substr(0, 32) ==
          "a3b6167473100ee06e0c796c2955552b");
}

TEST_CASE("HMAC-SHA256 hashes a key longer than the block first (RFC 4231 §4.7, §4.8)", "[hmac]") {
    const auto key = repeated(0xaa, 131);
    CHECK(hmac_hex(key, octets("Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(hmac_hex(key, octets("This is a test using a larger than block-size key and a larger "
                               "than block-size data. The key needs to be hashed before being "
                               "used by the HMAC algorithm.")) ==
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST_CASE("HMAC-SHA256 of strings equals that of their octets, empty ones included", "[hmac]") {
    CHECK(hmac_sha256(std::string_view("Jefe"), std::string_view("what do ya want for nothing?")) ==
          hmac_sha256(octets("Jefe"), octets("what do ya want for nothing?")));
    // HMAC(empty key, empty message), as `openssl dgst -sha256 -hmac ''` computes it.
    CHECK(to_hex(hmac_sha256(std::string_view(), std::string_view())) ==
          "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

} // namespace dcvd::crypto
