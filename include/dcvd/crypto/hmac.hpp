// crypto/hmac.hpp: HMAC-SHA256 (RFC 2104, FIPS 198-1) through OpenSSL's EVP_MAC, as the webhooks'
// signatures need.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace dcvd::crypto {

using HmacSha256 = std::array<std::uint8_t, 32>;

/// The HMAC-SHA256 of `data` keyed with `key` (any length: longer than the 64-octet block, it is
/// hashed first, RFC 2104 §2). Any thread. Throws std::runtime_error only if OpenSSL itself fails.
[[nodiscard]] HmacSha256 hmac_sha256(std::span<const std::uint8_t> key,
                                     std::span<const std::uint8_t> data);
/// The same over the octets of two strings.
[[nodiscard]] HmacSha256 hmac_sha256(std::string_view key, std::string_view data);

} // namespace dcvd::crypto
