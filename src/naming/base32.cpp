// naming/base32.cpp: RFC 4648 §6 base32 encoding, lower case, no padding.
#include "base32.hpp"

#include <string_view>

namespace dcvd::naming {

std::string base32_lower(std::span<const std::uint8_t> bytes) {
    constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    unsigned buffer = 0; // holds fewer than 5 pending bits between octets
    unsigned bits = 0;
    for (const std::uint8_t octet : bytes) {
        buffer = (buffer << 8U) | octet;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += alphabet[(buffer >> bits) & 0x1fU];
        }
        buffer &= (1U << bits) - 1U;
    }
    if (bits > 0) {
        out += alphabet[(buffer << (5 - bits)) & 0x1fU];
    }
    return out;
}

} // namespace dcvd::naming
