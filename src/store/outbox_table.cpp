// store/outbox_table.cpp: outbox entries, their ids and their encoding.
#include "outbox_table.hpp"

#include <array>

#include <fmt/format.h>

#include "byte_codec.hpp"
#include "meta.hpp"

namespace dcvd::store::outbox {
namespace {

constexpr std::uint8_t outbox_format = 1;
constexpr std::string_view next_id_key = "outbox_next_id"; // u64 BE in "meta"

base::Result<void> check_rc(int rc, std::string_view what) {
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, what));
    }
    return {};
}

struct IdKey {
    explicit IdKey(std::uint64_t id) noexcept { store_be(id, std::span<std::uint8_t>(bytes)); }
    MDB_val val() noexcept { return MDB_val{bytes.size(), bytes.data()}; }
    std::array<std::uint8_t, 8> bytes{};
};

} // namespace

std::vector<std::uint8_t> encode(const OutboxMessage& message) {
    std::vector<std::uint8_t> out;
    out.push_back(outbox_format);
    append_be(out, static_cast<std::uint16_t>(message.url.size()));
    out.insert(out.end(), message.url.begin(), message.url.end());
    append_be(out, static_cast<std::uint32_t>(message.body.size()));
    out.insert(out.end(), message.body.begin(), message.body.end());
    return out;
}

base::Result<OutboxMessage> decode(std::span<const std::uint8_t> bytes) {
    ByteReader in(bytes);
    OutboxMessage message;
    const bool format_ok = in.u8() == outbox_format;
    const std::size_t url_size = in.u16();
    if (url_size > max_outbox_url) {
        in.fail();
    }
    message.url = text_of(in.take(url_size));
    const std::size_t body_size = in.u32();
    if (body_size > max_outbox_body) {
        in.fail();
    }
    message.body = text_of(in.take(body_size));
    if (!format_ok || !in.at_end()) {
        return base::unexpected(base::ErrorCode::Internal, "malformed outbox entry");
    }
    return message;
}

base::Result<std::uint64_t> add(MDB_txn* txn, const Env::Handles& handles,
                                const OutboxMessage& message) {
    if (message.url.empty() || message.url.size() > max_outbox_url ||
        message.body.size() > max_outbox_body) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("a webhook delivery takes a url of 1..{} octets and "
                                            "a body of at most {}",
                                            max_outbox_url, max_outbox_body));
    }
    std::span<const std::uint8_t> stored;
    const int rc = meta::get(txn, handles, next_id_key, stored);
    if (rc != 0 && rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot read the outbox's next id"));
    }
    const std::uint64_t id =
        rc == MDB_NOTFOUND || stored.size() != 8 ? 1 : load_be<std::uint64_t>(stored);
    std::array<std::uint8_t, 8> next{};
    store_be(id + 1, std::span<std::uint8_t>(next));
    if (auto kept = check_rc(meta::put(txn, handles, next_id_key, next),
                             "cannot store the outbox's next id");
        !kept) {
        return base::unexpected(std::move(kept).error());
    }
    IdKey key(id);
    MDB_val k = key.val();
    const auto bytes = encode(message);
    MDB_val v = to_val(bytes);
    if (auto put = check_rc(mdb_put(txn, handles.outbox, &k, &v, 0), "cannot store a delivery");
        !put) {
        return base::unexpected(std::move(put).error());
    }
    return id;
}

base::Result<void> remove(MDB_txn* txn, const Env::Handles& handles, std::uint64_t id) {
    IdKey key(id);
    MDB_val k = key.val();
    const int rc = mdb_del(txn, handles.outbox, &k, nullptr);
    return check_rc(rc == MDB_NOTFOUND ? 0 : rc, "cannot remove a delivery");
}

} // namespace dcvd::store::outbox
