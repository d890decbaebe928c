// tests/unit/crypto/hex_test.cpp: lower-case hexadecimal text of octets.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "dcvd/crypto/hex.hpp"

namespace dcvd::crypto {

TEST_CASE("to_hex writes two lower-case digits per octet", "[hex]") {
    CHECK(to_hex({}).empty());
    const std::vector<std::uint8_t> bytes{0x00, 0x0f, 0xa0, 0xff, 0x7e};
    CHECK(to_hex(bytes) == "000fa0ff7e");
}

} // namespace dcvd::crypto
