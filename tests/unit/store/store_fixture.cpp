// tests/unit/store/store_fixture.cpp: temp directories, store opening, key and op builders.
#include "store_fixture.hpp"

#include <lmdb.h>
#include <stdlib.h>

#include <catch2/catch.hpp>

#include "dcvd/wire/name.hpp"

namespace dcvd::store::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dcvd-store-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

Options options_in(const TempDir& dir) {
    Options options;
    options.path = dir.path() / "store";
    options.map_size_bytes = 64ULL << 20;
    return options;
}

std::unique_ptr<Env> open_store(const Options& options) {
    auto env = Env::open(options, apex, Env::Mode::ReadWrite);
    INFO((env ? "" : env.error().message));
    REQUIRE(env);
    return std::move(*env);
}

void drop_database(const Options& options, const std::string& name) {
    MDB_env* env = nullptr;
    REQUIRE(mdb_env_create(&env) == 0);
    REQUIRE(mdb_env_set_maxdbs(env, 8) == 0);
    REQUIRE(mdb_env_open(env, options.path.c_str(), 0, 0600) == 0);
    MDB_txn* txn = nullptr;
    REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
    MDB_dbi dbi = 0;
    REQUIRE(mdb_dbi_open(txn, name.c_str(), 0, &dbi) == 0);
    REQUIRE(mdb_drop(txn, dbi, 1) == 0);
    REQUIRE(mdb_txn_commit(txn) == 0);
    mdb_env_close(env);
}

Key key_of(std::string_view host) {
    wire::Name name;
    wire::Name zone;
    REQUIRE(wire::Name::from_text(std::string(host) + "." + std::string(apex), name));
    REQUIRE(wire::Name::from_text(apex, zone));
    wire::KeyBuffer buffer{};
    const std::size_t size = wire::relative_key(name.wire(), zone.label_count(), buffer);
    REQUIRE(size != wire::invalid_key);
    return Key(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
}

PutValue put(std::string_view host, std::string_view text, std::uint64_t expires_at,
             std::uint64_t now) {
    PutValue op;
    op.host = host;
    op.key = key_of(host);
    op.text = text;
    op.ttl = 60;
    op.expires_at = expires_at;
    op.now = now;
    op.register_if_missing = true;
    return op;
}

} // namespace dcvd::store::test
