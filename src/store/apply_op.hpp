// store/apply_op.hpp: applies one WriteOp inside a write transaction, keeping the expiry index
// in step with the records, and plans the serial of the commit (one advance per commit).
#pragma once

#include <cstdint>
#include <optional>

#include "dcvd/base/result.hpp"
#include "dcvd/store/write_ops.hpp"
#include "lmdb.hpp"
#include "serial.hpp"

namespace dcvd::store {

/// The serial of one transaction: the stored one, advanced once if anything changed, unless a
/// SyncStaticZone chose it. Copied per nested transaction and kept only if that one commits.
struct SerialPlan {
    std::uint32_t stored = 0;
    bool stored_present = false; ///< false until the first commit that changed anything
    std::optional<std::uint32_t> chosen;
    bool changed = false;

    [[nodiscard]] std::uint32_t current() const noexcept { return chosen.value_or(stored); }
    [[nodiscard]] std::uint32_t next() const noexcept {
        return chosen ? *chosen : (changed ? serial_next(stored) : stored);
    }
};

/// Reads the stored serial into a fresh plan.
[[nodiscard]] base::Result<SerialPlan> start_plan(MDB_txn* txn, const Env::Handles& handles);
/// Writes the planned serial when anything changed; returns the serial of the commit.
[[nodiscard]] base::Result<std::uint32_t> finish_plan(MDB_txn* txn, const Env::Handles& handles,
                                                      const SerialPlan& plan);

/// Applies `op` in `txn`. Fails Invalid, NotFound or Conflict as write_ops.hpp says, Full when
/// the map or disk is full, Internal on other LMDB failures; throws for a broken environment.
/// On failure the caller aborts `txn`: the op may have written part of its change.
[[nodiscard]] base::Result<WriteOutcome> apply_op(MDB_txn* txn, const Env::Handles& handles,
                                                  const WriteOp& op, SerialPlan& plan);

} // namespace dcvd::store
