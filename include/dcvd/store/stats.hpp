// store/stats.hpp: what the store holds, cheaply enough to ask at every metrics scrape: the LMDB
// map's use, and delegations per state with their values (counts kept by the writer).
#pragma once

#include <array>
#include <cstdint>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/target_record.hpp"

namespace dcvd::store {

struct MapUsage {
    std::uint64_t used_bytes = 0; ///< pages in use (last page number + 1) × page size
    std::uint64_t map_bytes = 0;  ///< the map's size: the most the store can hold
};

/// From mdb_env_info and mdb_env_stat; no transaction. Any thread.
[[nodiscard]] base::Result<MapUsage> map_usage(Env& env);

struct DelegationCounts {
    /// Targets by state, indexed by the DelegationState's value.
    std::array<std::uint64_t, all_delegation_states.size()> by_state{};
    std::uint64_t values = 0; ///< challenge values stored (expired ones until purged)

    [[nodiscard]] std::uint64_t of(DelegationState state) const noexcept {
        return by_state[static_cast<std::size_t>(state)];
    }
    friend bool operator==(const DelegationCounts&, const DelegationCounts&) = default;
};

/// The counts the writer keeps in "meta" in the same transaction as each change: one read, no
/// scan. A store made before them is recounted once by the first read-write open (and, opened
/// read-only until then, counted here by a scan of every target). Any thread.
[[nodiscard]] base::Result<DelegationCounts> delegation_counts(Env& env);

/// Counts by a scan of every target, for checking the kept counts (tests, audits).
[[nodiscard]] base::Result<DelegationCounts> recount_delegations(Env& env);

} // namespace dcvd::store
