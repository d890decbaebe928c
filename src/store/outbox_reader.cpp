// store/outbox_reader.cpp: the deliveries still waiting, for the checker's sender.
#include <algorithm>
#include <array>

#include "big_endian.hpp"
#include "dcvd/store/outbox.hpp"
#include "outbox_table.hpp"

namespace dcvd::store {

base::Result<std::vector<OutboxEntry>> outbox_after(Env& env, std::uint64_t after,
                                                    std::size_t limit) {
    auto& handles = env.handles();
    std::vector<OutboxEntry> entries;
    if (!handles.has_outbox_db) {
        return entries;
    }
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn->get(), handles.outbox, &raw); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read the outbox"));
    }
    const Cursor cursor(raw);
    std::array<std::uint8_t, 8> start{};
    store_be(after + 1, std::span<std::uint8_t>(start));
    MDB_val k{start.size(), start.data()};
    MDB_val v{};
    int rc = mdb_cursor_get(raw, &k, &v, MDB_SET_RANGE);
    for (; rc == 0 && entries.size() < limit; rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT)) {
        const auto key = to_span(k);
        auto message = outbox::decode(to_span(v));
        if (key.size() != 8 || !message) {
            return base::unexpected(base::ErrorCode::Internal, "malformed outbox entry");
        }
        entries.push_back(OutboxEntry{load_be<std::uint64_t>(key), std::move(message->url),
                                      std::move(message->body)});
    }
    if (rc != 0 && rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot read the outbox"));
    }
    return entries;
}

} // namespace dcvd::store
