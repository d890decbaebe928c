// store/stats.cpp: map use from LMDB's environment info, delegation counts from "meta".
#include "dcvd/store/stats.hpp"

#include "counts.hpp"

namespace dcvd::store {

base::Result<MapUsage> map_usage(Env& env) {
    MDB_env* raw = env.handles().env.get();
    MDB_envinfo info{};
    MDB_stat stat{};
    if (const int rc = mdb_env_info(raw, &info); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read the LMDB environment info"));
    }
    if (const int rc = mdb_env_stat(raw, &stat); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read the LMDB environment stat"));
    }
    MapUsage usage;
    // Pages 0 and 1 are the meta pages; me_last_pgno is the highest page used so far.
    usage.used_bytes = (static_cast<std::uint64_t>(info.me_last_pgno) + 1) * stat.ms_psize;
    usage.map_bytes = info.me_mapsize;
    return usage;
}

base::Result<DelegationCounts> delegation_counts(Env& env) {
    auto txn = begin_read(env.handles());
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    return counts::current(txn->get(), env.handles());
}

base::Result<DelegationCounts> recount_delegations(Env& env) {
    auto txn = begin_read(env.handles());
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    return counts::recount(txn->get(), env.handles());
}

} // namespace dcvd::store
