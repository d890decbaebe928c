// store/target_walk.hpp: every target record of a transaction, decoded, in key order: for the
// one-off passes over all targets (recounting, scheduling an older store's delegations).
#pragma once

#include <functional>
#include <span>

#include "dcvd/base/result.hpp"
#include "dcvd/store/target_record.hpp"
#include "lmdb.hpp"

namespace dcvd::store {

/// Visits each target; the first error (LMDB's, a malformed record as Internal, or one `visit`
/// returns) ends the walk. `visit` may write to other databases of the transaction.
[[nodiscard]] base::Result<void>
walk_targets(MDB_txn* txn, const Env::Handles& handles,
             const std::function<base::Result<void>(std::span<const std::uint8_t> key,
                                                    const TargetRecord& record)>& visit);

} // namespace dcvd::store
