// store/lmdb.cpp: LMDB return codes to errors (or exceptions for a broken environment), and
// transaction helpers shared by the store's files.
#include "lmdb.hpp"

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

namespace dcvd::store {

bool is_full(int rc) noexcept {
    return rc == MDB_MAP_FULL || rc == ENOSPC;
}

void throw_if_fatal(int rc) {
    // STYLE.md §3: a corrupt or panicked environment is not a result a caller can handle.
    if (rc == MDB_PANIC || rc == MDB_CORRUPTED) {
        throw std::runtime_error(fmt::format("LMDB store is broken: {}", mdb_strerror(rc)));
    }
}

base::Error lmdb_error(int rc, std::string_view what) {
    throw_if_fatal(rc);
    const auto code = is_full(rc) ? base::ErrorCode::Full : base::ErrorCode::Internal;
    return base::make_error(code, fmt::format("{}: {}", what, mdb_strerror(rc)));
}

base::Result<Txn> begin_read(Env::Handles& handles) {
    MDB_txn* txn = nullptr;
    if (const int rc = mdb_txn_begin(handles.env.get(), nullptr, MDB_RDONLY, &txn); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot begin a read transaction"));
    }
    return Txn(txn);
}

base::Result<Txn> begin_write(Env::Handles& handles, MDB_txn* parent) {
    MDB_txn* txn = nullptr;
    if (const int rc = mdb_txn_begin(handles.env.get(), parent, 0, &txn); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot begin a write transaction"));
    }
    return Txn(txn);
}

base::Result<void> commit(Txn& txn, std::string_view what) {
    if (const int rc = mdb_txn_commit(txn.release()); rc != 0) {
        return base::unexpected(lmdb_error(rc, what));
    }
    return {};
}

} // namespace dcvd::store
