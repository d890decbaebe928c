// store/acme_account_record.hpp: the encoding of an AcmeDnsAccount in the "acme_accounts"
// database. Private to the store (and its fuzz target).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/acme_accounts.hpp"

namespace dcvd::store {

/// Key: the username. Value, integers big-endian:
///   u8 format (=1) | u8 len | subdomain | 32 octets password hash | u64 created
///   | u8 count | count × ( u8 len | CIDR text )
inline constexpr std::uint8_t acme_account_format = 1;
inline constexpr std::size_t max_acme_allow_from = 32;

/// Invalid, naming the field, unless username and subdomain are 1..63 octets and allow_from
/// holds at most max_acme_allow_from entries of 1..49 octets.
[[nodiscard]] base::Result<void> validate_acme_account(const AcmeDnsAccount& account);

/// The stored value of an account that validate_acme_account accepts.
[[nodiscard]] std::vector<std::uint8_t> encode_acme_account(const AcmeDnsAccount& account);

/// The account stored under `username`; Internal for bytes encode_acme_account would not write.
[[nodiscard]] base::Result<AcmeDnsAccount> decode_acme_account(std::string_view username,
                                                               std::span<const std::uint8_t> bytes);

} // namespace dcvd::store
