// store/meta.hpp: the "meta" database: schema version, apex, serial, static-zone digest and the
// delegation counts.
// The serial reads are on the hot path (ReadView::renew): noexcept, no allocation.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "lmdb.hpp"

namespace dcvd::store::meta {

inline constexpr std::string_view schema_version_key = "schema_version"; // u32 BE
inline constexpr std::string_view apex_key = "apex";                     // lower-case text
inline constexpr std::string_view serial_key = "serial";                 // u32 BE
inline constexpr std::string_view static_digest_key = "static_digest";   // 32 octets
/// Targets per state and stored values, kept by the writer (counts.hpp): 6 × u64 BE.
inline constexpr std::string_view delegation_counts_key = "delegation_counts";

/// mdb_get on the meta database: 0, MDB_NOTFOUND or an LMDB error code.
[[nodiscard]] int get(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
                      std::span<const std::uint8_t>& out) noexcept;
[[nodiscard]] int put(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
                      std::span<const std::uint8_t> value) noexcept;

/// Reads a u32 BE entry. Absent: `present` false, value 0, returns 0. A value that is not four
/// octets returns MDB_CORRUPTED.
[[nodiscard]] int get_u32(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
                          std::uint32_t& value, bool& present) noexcept;
[[nodiscard]] int put_u32(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
                          std::uint32_t value) noexcept;

} // namespace dcvd::store::meta
