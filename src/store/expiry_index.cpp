// store/expiry_index.cpp: entries of the expiry index, one per stored value.
#include "expiry_index.hpp"

#include "timed_key.hpp"

namespace dcvd::store::expiry {

int add(MDB_txn* txn, const Env::Handles& handles, std::uint64_t expires_at,
        std::span<const std::uint8_t> key, std::string_view text) noexcept {
    TimedKey entry(expires_at, key);
    if (!entry.ok()) {
        return MDB_BAD_VALSIZE;
    }
    MDB_val k = entry.val();
    MDB_val v = to_val(text);
    const int rc = mdb_put(txn, handles.expiry, &k, &v, MDB_NODUPDATA);
    return rc == MDB_KEYEXIST ? 0 : rc;
}

int remove(MDB_txn* txn, const Env::Handles& handles, std::uint64_t expires_at,
           std::span<const std::uint8_t> key, std::string_view text) noexcept {
    TimedKey entry(expires_at, key);
    if (!entry.ok()) {
        return MDB_BAD_VALSIZE;
    }
    MDB_val k = entry.val();
    MDB_val v = to_val(text);
    const int rc = mdb_del(txn, handles.expiry, &k, &v);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int first(MDB_txn* txn, const Env::Handles& handles, Entry& out) noexcept {
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn, handles.expiry, &raw); rc != 0) {
        return rc;
    }
    const Cursor cursor(raw);
    MDB_val k{};
    MDB_val v{};
    if (const int rc = mdb_cursor_get(raw, &k, &v, MDB_FIRST); rc != 0) {
        return rc;
    }
    if (!TimedKey::split(to_span(k), out.expires_at, out.key)) {
        return MDB_CORRUPTED;
    }
    out.text = as_text(to_span(v));
    return 0;
}

} // namespace dcvd::store::expiry
