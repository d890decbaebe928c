// tests/unit/store/env_test.cpp: opening a store: creation, schema and apex binding, refusals,
// and a read-only open beside a writer in another process.
#include <lmdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>

#include <catch2/catch.hpp>

#include "dcvd/store/read_view.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {
namespace {

using Catch::Matchers::Contains;

// Overwrites the stored schema version with LMDB directly, as a future dcvd would have.
void poke_schema_version(const Options& options, std::uint32_t version) {
    MDB_env* env = nullptr;
    REQUIRE(mdb_env_create(&env) == 0);
    REQUIRE(mdb_env_set_maxdbs(env, 8) == 0);
    REQUIRE(mdb_env_open(env, options.path.c_str(), 0, 0600) == 0);
    MDB_txn* txn = nullptr;
    REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
    MDB_dbi meta = 0;
    REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
    std::array<std::uint8_t, 4> bytes{
        static_cast<std::uint8_t>(version >> 24U), static_cast<std::uint8_t>(version >> 16U),
        static_cast<std::uint8_t>(version >> 8U), static_cast<std::uint8_t>(version)};
    std::string key = "schema_version";
    MDB_val k{key.size(), key.data()};
    MDB_val v{bytes.size(), bytes.data()};
    REQUIRE(mdb_put(txn, meta, &k, &v, 0) == 0);
    REQUIRE(mdb_txn_commit(txn) == 0);
    mdb_env_close(env);
}

std::string error_of(const base::Result<std::unique_ptr<Env>>& opened) {
    REQUIRE_FALSE(opened);
    return opened.error().message;
}

} // namespace

TEST_CASE("a new store is created with its directory and keeps its data across opens", "[env]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.path = dir.path() / "nested" / "store";
    {
        const auto env = test::open_store(options);
        Writer writer(*env);
        REQUIRE(writer.submit(test::put("www.example.com", "v1")).get());
    }
    CHECK(std::filesystem::exists(options.path / "data.mdb"));
    // The apex is compared in canonical form: case and the final dot do not matter.
    auto env = Env::open(options, "Validation.EXAMPLE.net", Env::Mode::ReadWrite);
    REQUIRE(env);
    const auto record = get_target(**env, test::key_of("www.example.com"));
    REQUIRE(record);
    REQUIRE(record->has_value());
    CHECK((*record)->values.at(0).text == "v1");
}

TEST_CASE("a store made for another zone is refused, naming both apexes", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    test::open_store(options).reset();
    const auto message = error_of(Env::open(options, "other.example.org.", Env::Mode::ReadWrite));
    CHECK_THAT(message, Contains("validation.example.net.") && Contains("other.example.org."));
    CHECK_THAT(message, Contains(options.path.string()));
}

TEST_CASE("a store of another schema version is refused, naming both versions", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    test::open_store(options).reset();
    poke_schema_version(options, 7);
    const auto message = error_of(Env::open(options, test::apex, Env::Mode::ReadOnly));
    CHECK_THAT(message, Contains("schema version 7") && Contains("schema version 1"));
}

TEST_CASE("a directory that is not an LMDB store is refused with the path and LMDB's reason",
          "[env]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    std::filesystem::create_directories(options.path);
    std::ofstream(options.path / "data.mdb") << std::string(16384, 'x');
    const auto message = error_of(Env::open(options, test::apex, Env::Mode::ReadWrite));
    CHECK_THAT(message, Contains(options.path.string()) && Contains(mdb_strerror(MDB_INVALID)));
}

TEST_CASE("a missing store cannot be opened read-only", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    const auto message = error_of(Env::open(options, test::apex, Env::Mode::ReadOnly));
    CHECK_THAT(message, Contains(options.path.string()) && Contains(mdb_strerror(ENOENT)));
    CHECK_FALSE(std::filesystem::exists(options.path));
}

TEST_CASE("a store path that is a file is refused with the path", "[env]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    std::ofstream(options.path) << "not a directory";
    CHECK_THAT(error_of(Env::open(options, test::apex, Env::Mode::ReadWrite)),
               Contains(options.path.string()));
}

TEST_CASE("a zone apex that is not a domain name is refused", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    CHECK_THAT(error_of(Env::open(options, "a..b", Env::Mode::ReadWrite)), Contains("a..b"));
}

TEST_CASE("a read-only store reads but refuses writes", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    {
        const auto env = test::open_store(options);
        Writer writer(*env);
        REQUIRE(writer.submit(test::put("www.example.com", "v1")).get());
    }
    auto env = Env::open(options, test::apex, Env::Mode::ReadOnly);
    REQUIRE(env);
    CHECK(current_serial(**env).value() == 1);
    Writer writer(**env);
    const auto refused = writer.submit(test::put("new.example.com", "v")).get();
    REQUIRE_FALSE(refused);
    CHECK(get_target(**env, test::key_of("new.example.com")).value() == std::nullopt);
}

namespace {

// The child's side: opens read-only while the parent holds the store read-write. Returns the
// exit status: 0 when it saw both of the parent's commits, each as soon as it was told of it.
int read_beside_writer(const Options& options, int from_parent, int to_parent) {
    char signal = 0;
    if (read(from_parent, &signal, 1) != 1) {
        return 10;
    }
    auto env = Env::open(options, test::apex, Env::Mode::ReadOnly);
    if (!env) {
        return 11;
    }
    ReadView view(**env);
    if (!view.renew() ||
        view.find(test::key_of("first.example.com")).presence != Presence::Exists) {
        return 12;
    }
    view.reset();
    if (write(to_parent, "o", 1) != 1 || read(from_parent, &signal, 1) != 1) {
        return 13;
    }
    if (!view.renew() ||
        view.find(test::key_of("second.example.com")).presence != Presence::Exists ||
        view.serial() != 2) {
        return 14;
    }
    const auto record = get_target(**env, test::key_of("second.example.com"));
    return record && record->has_value() && (*record)->values.at(0).text == "two" ? 0 : 15;
}

} // namespace

TEST_CASE("a read-only store in another process sees each commit of a running writer", "[env]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    std::array<int, 2> to_child{};
    std::array<int, 2> to_parent{};
    REQUIRE(pipe(to_child.data()) == 0);
    REQUIRE(pipe(to_parent.data()) == 0);
    // Fork before this process opens the store: LMDB environments must not cross a fork.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        _exit(read_beside_writer(options, to_child[0], to_parent[1]));
    }
    close(to_child[0]);
    close(to_parent[1]);
    {
        const auto env = test::open_store(options);
        Writer writer(*env);
        REQUIRE(writer.submit(test::put("first.example.com", "one")).get());
        REQUIRE(write(to_child[1], "a", 1) == 1);
        char opened = 0;
        CHECK(read(to_parent[0], &opened, 1) == 1);
        REQUIRE(writer.submit(test::put("second.example.com", "two")).get());
        REQUIRE(write(to_child[1], "b", 1) == 1);
        close(to_child[1]);
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    close(to_parent[0]);
}

} // namespace dcvd::store
