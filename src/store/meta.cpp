// store/meta.cpp: reads and writes of the "meta" database's entries.
#include "meta.hpp"

#include <array>

#include "big_endian.hpp"

namespace dcvd::store::meta {

int get(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
        std::span<const std::uint8_t>& out) noexcept {
    MDB_val k = to_val(key);
    MDB_val v{};
    const int rc = mdb_get(txn, handles.meta, &k, &v);
    if (rc == 0) {
        out = to_span(v);
    }
    return rc;
}

int put(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
        std::span<const std::uint8_t> value) noexcept {
    MDB_val k = to_val(key);
    MDB_val v = to_val(value);
    return mdb_put(txn, handles.meta, &k, &v, 0);
}

int get_u32(MDB_txn* txn, const Env::Handles& handles, std::string_view key, std::uint32_t& value,
            bool& present) noexcept {
    std::span<const std::uint8_t> bytes;
    const int rc = get(txn, handles, key, bytes);
    value = 0;
    present = rc == 0;
    if (rc == MDB_NOTFOUND) {
        return 0;
    }
    if (rc != 0) {
        return rc;
    }
    if (bytes.size() != sizeof(std::uint32_t)) {
        return MDB_CORRUPTED;
    }
    value = load_be<std::uint32_t>(bytes);
    return 0;
}

int put_u32(MDB_txn* txn, const Env::Handles& handles, std::string_view key,
            std::uint32_t value) noexcept {
    std::array<std::uint8_t, sizeof(std::uint32_t)> bytes{};
    store_be(value, std::span<std::uint8_t>(bytes));
    return put(txn, handles, key, bytes);
}

} // namespace dcvd::store::meta
