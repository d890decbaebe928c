// tests/unit/crypto/constant_time_test.cpp: constant_time_equal is plain equality in its results.
#include <catch2/catch.hpp>

#include <array>

#include "dcvd/crypto/constant_time.hpp"

namespace dcvd::crypto {

TEST_CASE("constant_time_equal: same bytes equal, any differing byte or length unequal",
          "[constant_time]") {
    constexpr std::array<std::uint8_t, 4> a{1, 2, 3, 4};
    constexpr std::array<std::uint8_t, 4> same{1, 2, 3, 4};
    constexpr std::array<std::uint8_t, 4> last{1, 2, 3, 5};
    constexpr std::array<std::uint8_t, 4> first{0, 2, 3, 4};
    constexpr std::array<std::uint8_t, 3> shorter{1, 2, 3};
    CHECK(constant_time_equal(a, same));
    CHECK_FALSE(constant_time_equal(a, last));
    CHECK_FALSE(constant_time_equal(a, first));
    CHECK_FALSE(constant_time_equal(a, shorter));
    CHECK_FALSE(constant_time_equal(shorter, a));
    CHECK(constant_time_equal(std::span<const std::uint8_t>{}, std::span<const std::uint8_t>{}));
    CHECK_FALSE(constant_time_equal(std::span<const std::uint8_t>{}, a));
}

} // namespace dcvd::crypto
