// tests/unit/crypto/random_test.cpp: random_bytes delivers what was asked, differently each time.
#include <catch2/catch.hpp>

#include "dcvd/crypto/random.hpp"

namespace dcvd::crypto {

TEST_CASE("random_bytes returns the requested count, and two draws differ", "[random]") {
    auto first = random_bytes(32);
    auto second = random_bytes(32);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->size() == 32);
    CHECK(second->size() == 32);
    // Equal 256-bit draws have probability 2^-256: a failure here means a broken generator.
    CHECK(*first != *second);
}

TEST_CASE("random_bytes of zero bytes is empty and succeeds", "[random]") {
    auto none = random_bytes(0);
    REQUIRE(none);
    CHECK(none->empty());
}

} // namespace dcvd::crypto
