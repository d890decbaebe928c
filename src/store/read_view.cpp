// store/read_view.cpp: a worker's LMDB read transaction and its one cursor, both allocated once
// and then reset and renewed. Hot path: noexcept, no allocation, no lock (LMDB readers take none).
#include "dcvd/store/read_view.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "lmdb.hpp"
#include "meta.hpp"

namespace dcvd::store {

struct ReadView::Impl {
    Env::Handles& handles;
    Txn txn;
    Cursor cursor; // declared after txn: closed before the transaction goes
    bool active = false;
};

ReadView::ReadView(Env& env) {
    auto& handles = env.handles();
    MDB_txn* txn = nullptr;
    if (const int rc = mdb_txn_begin(handles.env.get(), nullptr, MDB_RDONLY, &txn); rc != 0) {
        throw std::runtime_error(
            fmt::format("cannot begin the read transaction of a view: {}", mdb_strerror(rc)));
    }
    Txn owned(txn);
    MDB_cursor* cursor = nullptr;
    if (const int rc = mdb_cursor_open(txn, handles.targets, &cursor); rc != 0) {
        throw std::runtime_error(
            fmt::format("cannot open the cursor of a view: {}", mdb_strerror(rc)));
    }
    mdb_txn_reset(txn);
    impl_ = std::make_unique<Impl>(Impl{handles, std::move(owned), Cursor(cursor), false});
}

ReadView::~ReadView() = default;

bool ReadView::renew() noexcept {
    reset();
    MDB_txn* txn = impl_->txn.get();
    if (mdb_txn_renew(txn) != 0) {
        return false;
    }
    bool present = false;
    if (mdb_cursor_renew(txn, impl_->cursor.get()) != 0 ||
        meta::get_u32(txn, impl_->handles, meta::serial_key, serial_, present) != 0) {
        mdb_txn_reset(txn);
        return false;
    }
    impl_->active = true;
    return true;
}

void ReadView::reset() noexcept {
    if (impl_->active) {
        mdb_txn_reset(impl_->txn.get());
        impl_->active = false;
    }
}

Lookup ReadView::find(std::span<const std::uint8_t> relative_key) noexcept {
    if (!impl_->active) {
        return {};
    }
    MDB_cursor* cursor = impl_->cursor.get();
    MDB_val key = to_val(relative_key);
    MDB_val data{};
    // LMDB refuses empty keys; the apex (empty key) is a prefix of every stored key.
    const int rc = relative_key.empty() ? mdb_cursor_get(cursor, &key, &data, MDB_FIRST)
                                        : mdb_cursor_get(cursor, &key, &data, MDB_SET_RANGE);
    if (rc != 0) {
        return {}; // MDB_NOTFOUND: nothing at or after the key
    }
    const auto found = to_span(key);
    if (std::ranges::equal(found, relative_key)) {
        return {Presence::Exists, to_span(data)};
    }
    // Keys end every label with 0x00, so a key that extends the query lies below it.
    if (found.size() > relative_key.size() &&
        std::ranges::equal(found.first(relative_key.size()), relative_key)) {
        return {Presence::EmptyNonTerminal, {}};
    }
    return {};
}

} // namespace dcvd::store
