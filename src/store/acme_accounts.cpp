// store/acme_accounts.cpp: reading acme-dns accounts (the writer stores them, with their target).
#include "dcvd/store/acme_accounts.hpp"

#include "acme_account_record.hpp"
#include "lmdb.hpp"

namespace dcvd::store {

base::Result<std::optional<AcmeDnsAccount>> find_acme_account(Env& env, std::string_view username) {
    auto& handles = env.handles();
    if (!handles.has_acme_accounts_db || username.empty()) {
        return std::optional<AcmeDnsAccount>();
    }
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_val k{username.size(), const_cast<char*>(username.data())};
    MDB_val v{};
    const int rc = mdb_get(txn->get(), handles.acme_accounts, &k, &v);
    if (rc == MDB_NOTFOUND || rc == MDB_BAD_VALSIZE) {
        return std::optional<AcmeDnsAccount>();
    }
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read an acme-dns account"));
    }
    auto account = decode_acme_account(username, to_span(v));
    if (!account) {
        return base::unexpected(std::move(account).error());
    }
    return std::optional<AcmeDnsAccount>(std::move(*account));
}

} // namespace dcvd::store
