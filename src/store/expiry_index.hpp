// store/expiry_index.hpp: the "expiry" database, which lets a purge find expired values without
// scanning the targets. Entry key: u64 BE expires_at ‖ target key (so byte order is time order);
// data: the value text (MDB_DUPSORT), so each entry names exactly one stored value.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "lmdb.hpp"

namespace dcvd::store::expiry {

/// Adds the entry of one value: 0 or an LMDB error code.
[[nodiscard]] int add(MDB_txn* txn, const Env::Handles& handles, std::uint64_t expires_at,
                      std::span<const std::uint8_t> key, std::string_view text) noexcept;
/// Removes the entry of one value; an entry already gone is not an error.
[[nodiscard]] int remove(MDB_txn* txn, const Env::Handles& handles, std::uint64_t expires_at,
                         std::span<const std::uint8_t> key, std::string_view text) noexcept;

/// An entry as stored; the spans borrow LMDB's pages until the transaction next writes.
struct Entry {
    std::uint64_t expires_at = 0;
    std::span<const std::uint8_t> key;
    std::string_view text;
};

/// The entry that expires first: 0, MDB_NOTFOUND when there is none, MDB_CORRUPTED for an
/// entry too short to hold its time, or another LMDB error code.
[[nodiscard]] int first(MDB_txn* txn, const Env::Handles& handles, Entry& out) noexcept;

} // namespace dcvd::store::expiry
