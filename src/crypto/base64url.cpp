// crypto/base64url.cpp: base64url encoding (RFC 4648 §5), by hand: 3 octets → 4 symbols.
#include "dcvd/crypto/base64url.hpp"

#include <string_view>

namespace dcvd::crypto {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static_assert(alphabet.size() == 64);

} // namespace

std::string base64url(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t at = 0;
    for (; at + 3 <= bytes.size(); at += 3) {
        const std::uint32_t group = (std::uint32_t{bytes[at]} << 16U) |
                                    (std::uint32_t{bytes[at + 1]} << 8U) | bytes[at + 2];
        out.push_back(alphabet[(group >> 18U) & 0x3fU]);
        out.push_back(alphabet[(group >> 12U) & 0x3fU]);
        out.push_back(alphabet[(group >> 6U) & 0x3fU]);
        out.push_back(alphabet[group & 0x3fU]);
    }
    // RFC 4648 §4: a final 1 or 2 octets make 2 or 3 symbols; §5 (as used here) drops the '='.
    const std::size_t left = bytes.size() - at;
    if (left > 0) {
        std::uint32_t group = std::uint32_t{bytes[at]} << 16U;
        if (left == 2) {
            group |= std::uint32_t{bytes[at + 1]} << 8U;
        }
        out.push_back(alphabet[(group >> 18U) & 0x3fU]);
        out.push_back(alphabet[(group >> 12U) & 0x3fU]);
        if (left == 2) {
            out.push_back(alphabet[(group >> 6U) & 0x3fU]);
        }
    }
    return out;
}

} // namespace dcvd::crypto
