// store/reader.cpp: control-plane reads, each in a read transaction of its own, copying out.
#include "dcvd/store/reader.hpp"

#include <fmt/format.h>

#include "lmdb.hpp"
#include "meta.hpp"

namespace dcvd::store {
namespace {

base::Result<std::uint32_t> read_serial(MDB_txn* txn, const Env::Handles& handles) {
    std::uint32_t serial = 0;
    bool present = false;
    if (const int rc = meta::get_u32(txn, handles, meta::serial_key, serial, present); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read the serial"));
    }
    return serial;
}

base::Result<TargetRecord> decode_at(std::span<const std::uint8_t> key,
                                     std::span<const std::uint8_t> bytes) {
    auto record = decode(bytes);
    if (!record) {
        return base::unexpected(
            base::ErrorCode::Internal,
            fmt::format("the record at key {:02x} is malformed", fmt::join(key, "")));
    }
    return record;
}

} // namespace

base::Result<std::optional<TargetRecord>> get_target(Env& env, std::span<const std::uint8_t> key) {
    if (key.empty()) {
        return std::optional<TargetRecord>{}; // the apex is never a target
    }
    auto& handles = env.handles();
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_val k = to_val(key);
    MDB_val v{};
    const int rc = mdb_get(txn->get(), handles.targets, &k, &v);
    if (rc == MDB_NOTFOUND || rc == MDB_BAD_VALSIZE) {
        return std::optional<TargetRecord>{};
    }
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read a target"));
    }
    auto record = decode_at(key, to_span(v));
    if (!record) {
        return base::unexpected(std::move(record).error());
    }
    return std::optional<TargetRecord>(std::move(*record));
}

base::Result<std::uint32_t> current_serial(Env& env) {
    auto txn = begin_read(env.handles());
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    return read_serial(txn->get(), env.handles());
}

base::Result<std::uint32_t> for_each_target(
    Env& env, std::span<const std::uint8_t> after, std::size_t limit,
    const std::function<bool(std::span<const std::uint8_t> key, const TargetRecord&)>& visit) {
    auto& handles = env.handles();
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    auto serial = read_serial(txn->get(), handles);
    if (!serial) {
        return serial;
    }
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn->get(), handles.targets, &raw); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot open a cursor on the targets"));
    }
    const Cursor cursor(raw);
    MDB_val k = to_val(after);
    MDB_val v{};
    int rc = after.empty() ? mdb_cursor_get(raw, &k, &v, MDB_FIRST)
                           : mdb_cursor_get(raw, &k, &v, MDB_SET_RANGE);
    if (rc == 0 && !after.empty() && std::ranges::equal(to_span(k), after)) {
        rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT);
    }
    for (std::size_t visited = 0; rc == 0 && (limit == 0 || visited < limit); ++visited) {
        auto record = decode_at(to_span(k), to_span(v));
        if (!record) {
            return base::unexpected(std::move(record).error());
        }
        if (!visit(to_span(k), *record)) {
            break;
        }
        rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT);
    }
    if (rc != 0 && rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot walk the targets"));
    }
    return serial;
}

} // namespace dcvd::store
