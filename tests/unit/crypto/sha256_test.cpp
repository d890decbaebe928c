// tests/unit/crypto/sha256_test.cpp: SHA-256 against the FIPS 180-2 example digests.
#include <catch2/catch.hpp>

#include <string>

#include <fmt/format.h>

#include "dcvd/crypto/sha256.hpp"

namespace dcvd::crypto {
namespace {

std::string hex(const Sha256Digest& digest) {
    return fmt::format("{:02x}", fmt::join(digest, ""));
}

} // namespace

TEST_CASE("SHA-256 matches the FIPS 180-2 examples", "[sha256]") {
    CHECK(hex(sha256(std::string_view(""))) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(sha256(std::string_view("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(
        hex(sha256(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

} // namespace dcvd::crypto
