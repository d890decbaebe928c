// store/big_endian.hpp: big-endian integers in stored bytes, so that byte order is numeric order
// (STYLE.md §3). Callers check lengths first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dcvd::store {

template <class T> [[nodiscard]] T load_be(std::span<const std::uint8_t> in) noexcept {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value = static_cast<T>((value << 8U) | in[i]);
    }
    return value;
}

template <class T> void store_be(T value, std::span<std::uint8_t> out) noexcept {
    for (std::size_t i = sizeof(T); i-- > 0;) {
        out[i] = static_cast<std::uint8_t>(value & 0xffU);
        value = static_cast<T>(value >> 8U);
    }
}

} // namespace dcvd::store
