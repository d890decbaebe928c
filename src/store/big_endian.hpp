// store/big_endian.hpp: big-endian integers in stored bytes, so that byte order is numeric order
// (STYLE.md §3). Callers check lengths first.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace dcvd::store {

namespace detail {

// One load and one bswap instruction on the answer path, where a loop of shifts over the octets
// cost a tenth of a query's instructions (bench/RESULTS.md, step 11).
template <class T> [[nodiscard]] constexpr T to_big_endian(T value) noexcept {
    static_assert(std::is_unsigned_v<T> && (sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8));
    if constexpr (std::endian::native == std::endian::big) {
        return value;
    } else if constexpr (sizeof(T) == 2) {
        return __builtin_bswap16(value);
    } else if constexpr (sizeof(T) == 4) {
        return __builtin_bswap32(value);
    } else {
        return __builtin_bswap64(value);
    }
}

} // namespace detail

template <class T> [[nodiscard]] T load_be(std::span<const std::uint8_t> in) noexcept {
    // The memcpy is unchecked, unlike the span indexing it replaced: keep the debug-build check.
    assert(in.size() >= sizeof(T));
    T value = 0;
    std::memcpy(&value, in.data(), sizeof(T));
    return detail::to_big_endian(value);
}

template <class T> void store_be(T value, std::span<std::uint8_t> out) noexcept {
    assert(out.size() >= sizeof(T));
    const T swapped = detail::to_big_endian(value);
    std::memcpy(out.data(), &swapped, sizeof(T));
}

} // namespace dcvd::store
