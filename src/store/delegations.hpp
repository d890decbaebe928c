// store/delegations.hpp: the "delegations" database and its schedule index "checks", inside the
// writer's transactions (and one reader's): every registered customer target (acme-dns targets
// are not checked) has a record and exactly one index entry at its next_check, so the scheduler
// reads only what is due.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "dcvd/base/result.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "lmdb.hpp"

namespace dcvd::store::delegations {

/// Write txn: a new delegation, due at `at` (its registration: checked at once).
[[nodiscard]] base::Result<void> start(MDB_txn* txn, const Env::Handles& handles,
                                       std::span<const std::uint8_t> key, std::uint64_t at);
/// Write txn: the record and its index entry go (a missing record is not an error).
[[nodiscard]] base::Result<void> forget(MDB_txn* txn, const Env::Handles& handles,
                                        std::span<const std::uint8_t> key);
/// Write txn: stores the checker's part of `status` and moves the index entry to its
/// next_check. `status` must validate (validate_delegation).
[[nodiscard]] base::Result<void> put(MDB_txn* txn, const Env::Handles& handles,
                                     std::span<const std::uint8_t> key,
                                     const DelegationStatus& status);
/// Fills the checker's part of `status` (state etc. from the target record first); false when
/// no record is stored (a store without the database has none).
[[nodiscard]] base::Result<bool> load(MDB_txn* txn, const Env::Handles& handles,
                                      std::span<const std::uint8_t> key, DelegationStatus& status);

/// Visits the index entries due by `now`, earliest first, until `visit` returns false. The key
/// borrows LMDB's pages: valid during the call, in a transaction that does not write.
[[nodiscard]] base::Result<void>
for_each_due(MDB_txn* txn, const Env::Handles& handles, std::uint64_t now,
             const std::function<bool(std::uint64_t at, std::span<const std::uint8_t> key)>& visit);

/// Write txn, when the databases were just made for a store from before the checker: a record
/// for each customer target, due at `now`. Returns how many were added.
[[nodiscard]] base::Result<std::size_t> backfill(MDB_txn* txn, const Env::Handles& handles,
                                                 std::uint64_t now);

} // namespace dcvd::store::delegations
