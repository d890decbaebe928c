// store/delegation_reader.cpp: a delegation is its target record (host, state, since) joined
// with its record in "delegations"; the schedule index says which are due.
#include "dcvd/store/delegation_reader.hpp"

#include <fmt/format.h>

#include "delegations.hpp"
#include "lmdb.hpp"

namespace dcvd::store {
namespace {

// The delegation at `key` in `txn`; nullopt for no target or an acme-dns one.
base::Result<std::optional<Delegation>> read_delegation(MDB_txn* txn, const Env::Handles& handles,
                                                        std::span<const std::uint8_t> key) {
    MDB_val k = to_val(key);
    MDB_val v{};
    const int rc = mdb_get(txn, handles.targets, &k, &v);
    if (rc == MDB_NOTFOUND || rc == MDB_BAD_VALSIZE) {
        return std::optional<Delegation>{};
    }
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read a target"));
    }
    auto record = decode(to_span(v));
    if (!record) {
        return base::unexpected(
            base::ErrorCode::Internal,
            fmt::format("the record at key {:02x} is malformed", fmt::join(key, "")));
    }
    if (record->is_acme_dns()) {
        return std::optional<Delegation>{};
    }
    Delegation delegation;
    delegation.key.assign(key.begin(), key.end());
    delegation.host = std::move(record->host);
    auto& status = delegation.status;
    status.state = record->state;
    status.registered_at = record->created;
    status.since = record->state_since;
    auto found = delegations::load(txn, handles, key, status);
    if (!found) {
        return base::unexpected(std::move(found).error());
    }
    return std::optional<Delegation>(std::move(delegation));
}

} // namespace

base::Result<std::optional<Delegation>> get_delegation(Env& env,
                                                       std::span<const std::uint8_t> key) {
    auto txn = begin_read(env.handles());
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    return read_delegation(txn->get(), env.handles(), key);
}

base::Result<std::vector<Delegation>>
due_delegations(Env& env, std::uint64_t now, std::size_t limit,
                const std::function<bool(std::span<const std::uint8_t> key)>& skip) {
    auto& handles = env.handles();
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    std::vector<Delegation> due;
    std::optional<base::Error> failed;
    auto walked = delegations::for_each_due(
        txn->get(), handles, now, [&](std::uint64_t, std::span<const std::uint8_t> key) {
            if (due.size() >= limit) {
                return false;
            }
            if (skip(key)) {
                return true;
            }
            auto delegation = read_delegation(txn->get(), handles, key);
            if (!delegation) {
                failed = std::move(delegation).error();
                return false;
            }
            if (*delegation) {
                due.push_back(std::move(**delegation));
            }
            return true;
        });
    if (!walked) {
        return base::unexpected(std::move(walked).error());
    }
    if (failed) {
        return base::unexpected(std::move(*failed));
    }
    return due;
}

base::Result<void> for_each_delegation(Env& env,
                                       const std::function<bool(const Delegation&)>& visit) {
    auto& handles = env.handles();
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn->get(), handles.targets, &raw); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot open a cursor on the targets"));
    }
    const Cursor cursor(raw);
    MDB_val k{};
    MDB_val v{};
    int rc = mdb_cursor_get(raw, &k, &v, MDB_FIRST);
    for (; rc == 0; rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT)) {
        auto delegation = read_delegation(txn->get(), handles, to_span(k));
        if (!delegation) {
            return base::unexpected(std::move(delegation).error());
        }
        if (*delegation && !visit(**delegation)) {
            return {};
        }
    }
    if (rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot walk the targets"));
    }
    return {};
}

} // namespace dcvd::store
