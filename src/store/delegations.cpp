// store/delegations.cpp: a delegation's record and its one entry in the schedule index, kept in
// step inside each transaction.
#include "delegations.hpp"

#include <string>

#include <fmt/format.h>

#include "dcvd/store/target_record.hpp"
#include "delegation_record.hpp"
#include "target_walk.hpp"
#include "timed_key.hpp"

namespace dcvd::store::delegations {
namespace {

base::Result<void> check_rc(int rc, std::string_view what) {
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, what));
    }
    return {};
}

base::Result<void> index_put(MDB_txn* txn, const Env::Handles& handles, std::uint64_t at,
                             std::span<const std::uint8_t> key) {
    TimedKey entry(at, key);
    if (!entry.ok()) {
        return check_rc(MDB_BAD_VALSIZE, "cannot index a delegation");
    }
    MDB_val k = entry.val();
    MDB_val v{0, nullptr};
    return check_rc(mdb_put(txn, handles.checks, &k, &v, 0), "cannot index a delegation");
}

base::Result<void> index_remove(MDB_txn* txn, const Env::Handles& handles, std::uint64_t at,
                                std::span<const std::uint8_t> key) {
    TimedKey entry(at, key);
    if (!entry.ok()) {
        return check_rc(MDB_BAD_VALSIZE, "cannot unindex a delegation");
    }
    MDB_val k = entry.val();
    const int rc = mdb_del(txn, handles.checks, &k, nullptr);
    return check_rc(rc == MDB_NOTFOUND ? 0 : rc, "cannot unindex a delegation");
}

base::Result<void> store_record(MDB_txn* txn, const Env::Handles& handles,
                                std::span<const std::uint8_t> key, const DelegationStatus& status) {
    const auto bytes = encode_delegation(status);
    MDB_val k = to_val(key);
    MDB_val v = to_val(bytes);
    return check_rc(mdb_put(txn, handles.delegations, &k, &v, 0), "cannot store a delegation");
}

base::Result<void> unavailable() {
    return base::unexpected(base::ErrorCode::Unavailable,
                            "the store has no delegations database (opened read-only)");
}

} // namespace

base::Result<void> start(MDB_txn* txn, const Env::Handles& handles,
                         std::span<const std::uint8_t> key, std::uint64_t at) {
    if (!handles.has_delegations_db) {
        return unavailable();
    }
    DelegationStatus status;
    status.next_check = at;
    if (auto stored = store_record(txn, handles, key, status); !stored) {
        return stored;
    }
    return index_put(txn, handles, at, key);
}

base::Result<void> forget(MDB_txn* txn, const Env::Handles& handles,
                          std::span<const std::uint8_t> key) {
    DelegationStatus status;
    auto found = load(txn, handles, key, status);
    if (!found || !*found) {
        return found ? base::Result<void>{} : base::unexpected(std::move(found).error());
    }
    if (auto removed = index_remove(txn, handles, status.next_check, key); !removed) {
        return removed;
    }
    MDB_val k = to_val(key);
    return check_rc(mdb_del(txn, handles.delegations, &k, nullptr), "cannot remove a delegation");
}

base::Result<void> put(MDB_txn* txn, const Env::Handles& handles, std::span<const std::uint8_t> key,
                       const DelegationStatus& status) {
    DelegationStatus before;
    auto found = load(txn, handles, key, before);
    if (!found) {
        return base::unexpected(std::move(found).error());
    }
    if (*found && before.next_check != status.next_check) {
        if (auto removed = index_remove(txn, handles, before.next_check, key); !removed) {
            return removed;
        }
    }
    if (auto stored = store_record(txn, handles, key, status); !stored) {
        return stored;
    }
    return index_put(txn, handles, status.next_check, key);
}

base::Result<bool> load(MDB_txn* txn, const Env::Handles& handles,
                        std::span<const std::uint8_t> key, DelegationStatus& status) {
    if (!handles.has_delegations_db) {
        return false;
    }
    MDB_val k = to_val(key);
    MDB_val v{};
    const int rc = mdb_get(txn, handles.delegations, &k, &v);
    if (rc == MDB_NOTFOUND) {
        return false;
    }
    if (auto read = check_rc(rc, "cannot read a delegation"); !read) {
        return base::unexpected(std::move(read).error());
    }
    if (auto decoded = decode_delegation(to_span(v), status); !decoded) {
        return base::unexpected(std::move(decoded).error());
    }
    return true;
}

base::Result<void> for_each_due(
    MDB_txn* txn, const Env::Handles& handles, std::uint64_t now,
    const std::function<bool(std::uint64_t at, std::span<const std::uint8_t> key)>& visit) {
    if (!handles.has_delegations_db) {
        return {};
    }
    MDB_cursor* raw = nullptr;
    if (auto opened =
            check_rc(mdb_cursor_open(txn, handles.checks, &raw), "cannot read the check schedule");
        !opened) {
        return opened;
    }
    const Cursor cursor(raw);
    MDB_val k{};
    MDB_val v{};
    for (int rc = mdb_cursor_get(raw, &k, &v, MDB_FIRST); rc != MDB_NOTFOUND;
         rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT)) {
        if (auto read = check_rc(rc, "cannot read the check schedule"); !read) {
            return read;
        }
        std::uint64_t at = 0;
        std::span<const std::uint8_t> key;
        if (!TimedKey::split(to_span(k), at, key)) {
            return check_rc(MDB_CORRUPTED, "cannot read the check schedule");
        }
        if (at > now || !visit(at, key)) {
            break;
        }
    }
    return {};
}

base::Result<std::size_t> backfill(MDB_txn* txn, const Env::Handles& handles, std::uint64_t now) {
    std::size_t added = 0;
    auto walked = walk_targets(txn, handles,
                               [&](std::span<const std::uint8_t> key, const TargetRecord& record) {
                                   if (record.is_acme_dns()) {
                                       return base::Result<void>{};
                                   }
                                   ++added;
                                   return start(txn, handles, key, now);
                               });
    if (!walked) {
        return base::unexpected(std::move(walked).error());
    }
    return added;
}

} // namespace dcvd::store::delegations
