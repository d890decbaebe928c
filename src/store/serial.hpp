// store/serial.hpp: SOA serial arithmetic in the RFC 1982 sequence space (SERIAL_BITS = 32).
#pragma once

#include <cstdint>

namespace dcvd::store {

/// RFC 1982 §3.1: adding 1 wraps modulo 2^32.
[[nodiscard]] constexpr std::uint32_t serial_next(std::uint32_t serial) noexcept {
    return serial + 1U;
}

/// RFC 1982 §3.2: a > b when they differ by less than 2^31 going forward from b. The pair at
/// exactly 2^31 apart is undefined, and is not "greater" either way.
[[nodiscard]] constexpr bool serial_greater(std::uint32_t a, std::uint32_t b) noexcept {
    constexpr std::uint32_t half = 1U << 31U;
    return (a < b && b - a > half) || (a > b && a - b < half);
}

/// The later of two serials; `a` when neither is greater.
[[nodiscard]] constexpr std::uint32_t serial_later(std::uint32_t a, std::uint32_t b) noexcept {
    return serial_greater(b, a) ? b : a;
}

} // namespace dcvd::store
