// store/counts.hpp: the delegation counts in the "meta" database, adjusted by every change of a
// target record inside the transaction that makes it (so a nested transaction that aborts takes
// its adjustment with it).
#pragma once

#include <cstddef>
#include <optional>

#include "dcvd/base/result.hpp"
#include "dcvd/store/stats.hpp"
#include "lmdb.hpp"

namespace dcvd::store::counts {

/// What a record contributes to the counts.
struct Contribution {
    DelegationState state = DelegationState::Pending;
    std::size_t values = 0;
    friend bool operator==(const Contribution&, const Contribution&) = default;
};

/// The stored counts; nullopt when the store has none (made before them) or an unknown layout.
[[nodiscard]] base::Result<std::optional<DelegationCounts>> load(MDB_txn* txn,
                                                                 const Env::Handles& handles);
/// Counts by scanning every target in `txn`.
[[nodiscard]] base::Result<DelegationCounts> recount(MDB_txn* txn, const Env::Handles& handles);
/// The stored counts, or a recount when there are none.
[[nodiscard]] base::Result<DelegationCounts> current(MDB_txn* txn, const Env::Handles& handles);
/// Write txn: stores a recount when no counts are stored; true when it did.
[[nodiscard]] base::Result<bool> ensure(MDB_txn* txn, const Env::Handles& handles);
/// Write txn: a record went from `before` to `after` (nullopt: absent).
[[nodiscard]] base::Result<void> adjust(MDB_txn* txn, const Env::Handles& handles,
                                        const std::optional<Contribution>& before,
                                        const std::optional<Contribution>& after);

} // namespace dcvd::store::counts
