// wire/octets.hpp: octet-string order, the canonical order of keys and RDATA (RFC 4034 §6.1,
// §6.3). Hot path: noexcept, no allocation.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <cstring>
#include <span>

namespace dcvd::wire {

/// Compares as unsigned octet strings, a prefix first. Spelt out with memcmp: g++ 12 at -O3
/// warns (stringop-overread) on the inlined std::lexicographical_compare_three_way of octets.
[[nodiscard]] inline std::strong_ordering compare_octets(std::span<const std::uint8_t> a,
                                                         std::span<const std::uint8_t> b) noexcept {
    const std::size_t common = std::min(a.size(), b.size());
    const int order = common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);
    if (order != 0) {
        return order < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    return a.size() <=> b.size();
}

} // namespace dcvd::wire
