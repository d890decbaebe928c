// crypto/hex.cpp: hexadecimal encoding by table.
#include "dcvd/crypto/hex.hpp"

#include <string_view>

namespace dcvd::crypto {

std::string to_hex(std::span<const std::uint8_t> bytes) {
    constexpr std::string_view digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t byte : bytes) {
        out.push_back(digits[byte >> 4U]);
        out.push_back(digits[byte & 0x0fU]);
    }
    return out;
}

} // namespace dcvd::crypto
