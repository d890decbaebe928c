// store/token_record.hpp: the encoding of a TokenRecord in the "tokens" database, and the
// bounds every stored token keeps. Private to the store (and its fuzz target).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/tokens.hpp"

namespace dcvd::store {

/// Encoding of a record in the "tokens" database (key: its 32-octet hash), integers big-endian:
///   u8 format (=1) | u8 scope | u8 name_len | name octets | u64 created | 32 octets hash
///   | u8 count | count × ( u8 len | len octets of a host suffix )
inline constexpr std::uint8_t token_format = 1;

inline constexpr std::size_t max_token_name = 64;
inline constexpr std::size_t max_token_hosts = 64;
inline constexpr std::size_t max_token_host = 253; // RFC 1035 §2.3.4, presentation form
/// The most tokens a store holds: every token write scans them all.
inline constexpr std::size_t max_tokens = 4096;

/// Invalid, naming the field, unless every field is within the bounds above.
[[nodiscard]] base::Result<void> validate_token(const TokenRecord& token);

/// The stored bytes of a token that validate_token accepts (throws std::invalid_argument for
/// one it does not: callers validate first).
[[nodiscard]] std::vector<std::uint8_t> encode_token(const TokenRecord& token);

/// The token in `bytes`; Internal ("malformed token record") for bytes that encode_token would
/// not have written: unknown format or scope, a length past the end, trailing octets, or a field
/// outside validate_token's bounds.
[[nodiscard]] base::Result<TokenRecord> decode_token(std::span<const std::uint8_t> bytes);

} // namespace dcvd::store
