// store/tokens.cpp: the "tokens" database. Token writes are rare and come from the CLI, maybe
// beside a running server: each is a write transaction of its own (LMDB serializes writers
// across processes), not a trip through the group-commit Writer. Scans are bounded by max_tokens.
#include "dcvd/store/tokens.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "lmdb.hpp"
#include "token_record.hpp"

namespace dcvd::store {
namespace {

constexpr std::array all_token_scopes{TokenScope::Read, TokenScope::Write, TokenScope::Admin};

// Visits every stored token in hash order with the cursor on it, until `visit` returns false.
// A record that does not decode is an Internal error (it was written by encode_token).
base::Result<void> for_each_token(MDB_txn* txn, const Env::Handles& handles,
                                  const std::function<bool(MDB_cursor*, TokenRecord&&)>& visit) {
    MDB_cursor* raw = nullptr;
    if (const int rc = mdb_cursor_open(txn, handles.tokens, &raw); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot open a cursor on the tokens"));
    }
    const Cursor cursor(raw);
    MDB_val k{};
    MDB_val v{};
    int rc = mdb_cursor_get(raw, &k, &v, MDB_FIRST);
    for (; rc == 0; rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT)) {
        auto token = decode_token(to_span(v));
        if (!token) {
            return base::unexpected(
                base::ErrorCode::Internal,
                fmt::format("the token at hash {:02x} is malformed", fmt::join(to_span(k), "")));
        }
        if (!visit(raw, std::move(*token))) {
            return {};
        }
    }
    if (rc != MDB_NOTFOUND) {
        return base::unexpected(lmdb_error(rc, "cannot walk the tokens"));
    }
    return {};
}

// The tokens database of a store opened read-only from before tokens existed is missing: no
// writes are possible there, and reads see no tokens.
base::Result<void> require_tokens_db(const Env::Handles& handles) {
    if (!handles.has_tokens_db) {
        return base::unexpected(base::ErrorCode::Unavailable,
                                "the store has no tokens database (opened read-only)");
    }
    return {};
}

/// A write transaction on a store that has the tokens database.
base::Result<Txn> begin_token_write(Env::Handles& handles) {
    if (auto present = require_tokens_db(handles); !present) {
        return base::unexpected(std::move(present).error());
    }
    return begin_write(handles);
}

base::Error write_error(const Env& env, int rc, std::string_view what) {
    if (is_full(rc)) {
        return base::make_error(
            base::ErrorCode::Full,
            fmt::format("the store is full (LMDB map of {} bytes, or the disk): {}: {}",
                        env.options().map_size_bytes, what, mdb_strerror(rc)));
    }
    return lmdb_error(rc, what);
}

base::Result<void> commit_token_write(Env& env, Txn& txn, std::string_view what) {
    if (const int rc = mdb_txn_commit(txn.release()); rc != 0) {
        return base::unexpected(write_error(env, rc, what));
    }
    return {};
}

} // namespace

std::string_view to_text(TokenScope scope) noexcept {
    switch (scope) {
    case TokenScope::Read:
        return "read";
    case TokenScope::Write:
        return "write";
    case TokenScope::Admin:
        return "admin";
    }
    return "unknown";
}

std::optional<TokenScope> token_scope_from_text(std::string_view text) noexcept {
    for (const auto scope : all_token_scopes) {
        if (to_text(scope) == text) {
            return scope;
        }
    }
    return std::nullopt;
}

base::Result<void> add_token(Env& env, const TokenRecord& token) {
    if (auto valid = validate_token(token); !valid) {
        return valid;
    }
    auto& handles = env.handles();
    auto txn = begin_token_write(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    std::size_t count = 0;
    bool name_taken = false;
    auto walked = for_each_token(txn->get(), handles, [&](MDB_cursor*, TokenRecord&& stored) {
        ++count;
        name_taken = stored.name == token.name;
        return !name_taken;
    });
    if (!walked) {
        return walked;
    }
    if (name_taken) {
        return base::unexpected(base::ErrorCode::Conflict,
                                fmt::format("a token named '{}' exists", token.name));
    }
    if (count >= max_tokens) {
        return base::unexpected(
            base::ErrorCode::Conflict,
            fmt::format("the store holds {} tokens, the most it keeps: revoke some first", count));
    }
    const auto bytes = encode_token(token);
    MDB_val k = to_val(token.hash);
    MDB_val v = to_val(bytes);
    if (const int rc = mdb_put(txn->get(), handles.tokens, &k, &v, MDB_NOOVERWRITE);
        rc == MDB_KEYEXIST) {
        // Only a reused token text (or a SHA-256 collision) gets here: never say which token.
        return base::unexpected(base::ErrorCode::Conflict, "a token with this secret exists");
    } else if (rc != 0) {
        return base::unexpected(write_error(env, rc, "cannot store the token"));
    }
    if (auto done = commit_token_write(env, *txn, "cannot commit the token"); !done) {
        return done;
    }
    base::logger("store")->info("token added name={} scope={} hosts={}", token.name,
                                to_text(token.scope), token.host_suffixes.size());
    return {};
}

base::Result<std::optional<TokenRecord>> find_token(Env& env, const TokenHash& hash) {
    auto& handles = env.handles();
    if (!handles.has_tokens_db) {
        return std::optional<TokenRecord>{};
    }
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_val k = to_val(hash);
    MDB_val v{};
    const int rc = mdb_get(txn->get(), handles.tokens, &k, &v);
    if (rc == MDB_NOTFOUND) {
        return std::optional<TokenRecord>{};
    }
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot read a token"));
    }
    auto token = decode_token(to_span(v));
    if (!token || token->hash != hash) {
        return base::unexpected(base::ErrorCode::Internal, "a stored token is malformed");
    }
    return std::optional<TokenRecord>(std::move(*token));
}

base::Result<std::vector<TokenRecord>> list_tokens(Env& env) {
    std::vector<TokenRecord> tokens;
    auto& handles = env.handles();
    if (!handles.has_tokens_db) {
        return tokens;
    }
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    auto walked = for_each_token(txn->get(), handles, [&tokens](MDB_cursor*, TokenRecord&& t) {
        tokens.push_back(std::move(t));
        return true;
    });
    if (!walked) {
        return base::unexpected(std::move(walked).error());
    }
    std::ranges::sort(tokens, {}, &TokenRecord::name);
    return tokens;
}

base::Result<void> revoke_token(Env& env, std::string_view name) {
    auto& handles = env.handles();
    auto txn = begin_token_write(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    int deleted = MDB_NOTFOUND;
    auto walked =
        for_each_token(txn->get(), handles, [&](MDB_cursor* cursor, TokenRecord&& stored) {
            if (stored.name != name) {
                return true;
            }
            deleted = mdb_cursor_del(cursor, 0);
            return false;
        });
    if (!walked) {
        return walked;
    }
    if (deleted == MDB_NOTFOUND) {
        return base::unexpected(base::ErrorCode::NotFound,
                                fmt::format("no token named '{}'", name));
    }
    if (deleted != 0) {
        return base::unexpected(write_error(env, deleted, "cannot delete the token"));
    }
    if (auto done = commit_token_write(env, *txn, "cannot commit the revocation"); !done) {
        return done;
    }
    base::logger("store")->info("token revoked name={}", name);
    return {};
}

base::Result<bool> has_tokens(Env& env) {
    auto& handles = env.handles();
    if (!handles.has_tokens_db) {
        return false;
    }
    auto txn = begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    MDB_stat stat{};
    if (const int rc = mdb_stat(txn->get(), handles.tokens, &stat); rc != 0) {
        return base::unexpected(lmdb_error(rc, "cannot count the tokens"));
    }
    return stat.ms_entries > 0;
}

bool may_write(const TokenRecord& token, std::string_view host) noexcept {
    if (token.scope != TokenScope::Write && token.scope != TokenScope::Admin) {
        return false;
    }
    if (token.host_suffixes.empty()) {
        return true;
    }
    return std::ranges::any_of(token.host_suffixes, [host](const std::string& suffix) {
        if (suffix.empty() || !host.ends_with(suffix)) {
            return false;
        }
        // Equal, or the octet before the suffix is a dot: "a.example.com" under "example.com".
        return host.size() == suffix.size() || host[host.size() - suffix.size() - 1] == '.';
    });
}

} // namespace dcvd::store
