// store/lmdb.hpp: the store's private LMDB layer: Env::Handles, owning handles for transactions
// and cursors, byte views of MDB_val, and the one place LMDB return codes become errors.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "dcvd/base/c_handle.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"

namespace dcvd::store {

using MdbEnv = base::CHandle<MDB_env, mdb_env_close>;
/// Aborts unless released after a successful mdb_txn_commit (which frees the txn itself).
using Txn = base::CHandle<MDB_txn, mdb_txn_abort>;
using Cursor = base::CHandle<MDB_cursor, mdb_cursor_close>;

struct Env::Handles {
    MdbEnv env;
    MDB_dbi meta = 0;    ///< schema_version, apex, serial, static_digest
    MDB_dbi targets = 0; ///< relative canonical key → encoded TargetRecord
    MDB_dbi expiry = 0;  ///< (u64 BE expires_at ‖ key) → value text, MDB_DUPSORT
    MDB_dbi tokens = 0;  ///< SHA-256 of a token → encoded TokenRecord
    /// False only for a store made before tokens, opened read-only: it has no "tokens" database
    /// (and so no tokens); a read-write open creates it.
    bool has_tokens_db = false;
    MDB_dbi acme_accounts = 0;         ///< acme-dns username → encoded AcmeDnsAccount
    bool has_acme_accounts_db = false; ///< as has_tokens_db
    MDB_dbi delegations = 0;           ///< target key → encoded delegation record (checker's)
    MDB_dbi checks = 0;                ///< (u64 BE next_check ‖ target key) → empty
    bool has_delegations_db = false;   ///< as has_tokens_db, for both
    MDB_dbi outbox = 0;                ///< u64 BE id → a webhook delivery (outbox_table.hpp)
    bool has_outbox_db = false;        ///< as has_tokens_db
};

[[nodiscard]] inline MDB_val to_val(std::span<const std::uint8_t> bytes) noexcept {
    // LMDB's API is not const-correct; it never writes through mv_data of a key or a put value.
    return MDB_val{bytes.size(), const_cast<std::uint8_t*>(bytes.data())};
}
[[nodiscard]] inline MDB_val to_val(std::string_view text) noexcept {
    return MDB_val{text.size(), const_cast<char*>(text.data())};
}
[[nodiscard]] inline std::span<const std::uint8_t> to_span(const MDB_val& val) noexcept {
    return {static_cast<const std::uint8_t*>(val.mv_data), val.mv_size};
}

[[nodiscard]] inline std::span<const std::uint8_t> as_bytes(std::string_view text) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
[[nodiscard]] inline std::string_view as_text(std::span<const std::uint8_t> bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// Throws std::runtime_error for MDB_PANIC and MDB_CORRUPTED (a broken environment); otherwise
/// returns an Error "<what>: <mdb_strerror>" coded Full for MDB_MAP_FULL/ENOSPC, else Internal.
[[nodiscard]] base::Error lmdb_error(int rc, std::string_view what);
/// Throws for MDB_PANIC and MDB_CORRUPTED; does nothing for any other code.
void throw_if_fatal(int rc);
/// Whether rc means the map or the disk is full.
[[nodiscard]] bool is_full(int rc) noexcept;

/// A read-only transaction of its own (control-plane reads).
[[nodiscard]] base::Result<Txn> begin_read(Env::Handles& handles);
/// A write transaction, nested in `parent` when given.
[[nodiscard]] base::Result<Txn> begin_write(Env::Handles& handles, MDB_txn* parent = nullptr);
/// Commits and releases `txn`; on failure LMDB has already freed it.
[[nodiscard]] base::Result<void> commit(Txn& txn, std::string_view what);

} // namespace dcvd::store
