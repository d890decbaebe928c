// store/expiry_index.cpp: entries of the expiry index, one per stored value.
#include "expiry_index.hpp"

#include <algorithm>
#include <array>

#include "big_endian.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::store::expiry {
namespace {

constexpr std::size_t time_size = sizeof(std::uint64_t);

class EntryKey {
public:
    EntryKey(std::uint64_t expires_at, std::span<const std::uint8_t> key) noexcept
        : size_(key.size() <= wire::max_key_size ? time_size + key.size() : 0) {
        store_be(expires_at, std::span<std::uint8_t>(bytes_));
        std::copy_n(key.begin(), size_ == 0 ? 0 : key.size(), bytes_.begin() + time_size);
    }
    /// False for a target key longer than any relative key (the writer validates keys first).
    [[nodiscard]] bool ok() const noexcept { return size_ != 0; }
    [[nodiscard]] MDB_val val() noexcept { return MDB_val{size_, bytes_.data()}; }

private:
    std::array<std::uint8_t, time_size + wire::max_key_size> bytes_{};
    std::size_t size_;
};

} // namespace

int add(MDB_txn* txn, const Env::Handles& handles, std::uint64_t expires_at,
        std::span<const std::uint8_t> key, std::string_view text) noexcept {
    EntryKey entry(expires_at, key);
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
    EntryKey entry(expires_at, key);
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
    const auto key = to_span(k);
    if (key.size() < time_size) {
        return MDB_CORRUPTED;
    }
    out.expires_at = load_be<std::uint64_t>(key);
    out.key = key.subspan(time_size);
    out.text = as_text(to_span(v));
    return 0;
}

} // namespace dcvd::store::expiry
