// crypto/constant_time.hpp: comparison of secrets in time independent of their contents.
#pragma once

#include <cstdint>
#include <span>

namespace dcvd::crypto {

/// Whether `a` and `b` hold the same bytes, through CRYPTO_memcmp: the time depends on the
/// lengths only. Different lengths compare unequal at once (lengths are not secret here).
[[nodiscard]] bool constant_time_equal(std::span<const std::uint8_t> a,
                                       std::span<const std::uint8_t> b) noexcept;

} // namespace dcvd::crypto
