// store/target_walk.cpp: a cursor over "targets", decoding as it goes.
#include "target_walk.hpp"

namespace dcvd::store {

base::Result<void>
walk_targets(MDB_txn* txn, const Env::Handles& handles,
             const std::function<base::Result<void>(std::span<const std::uint8_t> key,
                                                    const TargetRecord& record)>& visit) {
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn, handles.targets, &raw); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read the targets"));
    }
    const Cursor cursor(raw);
    MDB_val key{};
    MDB_val value{};
    int rc = mdb_cursor_get(raw, &key, &value, MDB_FIRST);
    for (; rc == 0; rc = mdb_cursor_get(raw, &key, &value, MDB_NEXT)) {
        auto record = decode(to_span(value));
        if (!record) {
            return base::unexpected(base::ErrorCode::Internal,
                                    "a stored target record is malformed: " +
                                        record.error().message);
        }
        if (auto visited = visit(to_span(key), *record); !visited) {
            return visited;
        }
    }
    if (rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot read the targets"));
    }
    return {};
}

} // namespace dcvd::store
