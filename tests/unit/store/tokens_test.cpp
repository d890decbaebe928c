// tests/unit/store/tokens_test.cpp: the "tokens" database: add, find, list, revoke, the
// conflicts and bounds, may_write's label boundary, and stores made before tokens existed.
#include <lmdb.h>

#include <catch2/catch.hpp>

#include "dcvd/store/tokens.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {
namespace {

using Catch::Matchers::Contains;

TokenHash hash_of(std::uint8_t seed) {
    TokenHash hash{};
    for (std::size_t i = 0; i < hash.size(); ++i) {
        hash[i] = static_cast<std::uint8_t>(seed + i);
    }
    return hash;
}

TokenRecord token(std::string name, TokenScope scope, std::vector<std::string> hosts,
                  std::uint8_t seed) {
    TokenRecord record;
    record.name = std::move(name);
    record.scope = scope;
    record.host_suffixes = std::move(hosts);
    record.created = 1'700'000'000 + seed;
    record.hash = hash_of(seed);
    return record;
}

} // namespace

TEST_CASE("an added token is found by its hash, listed by name and gone once revoked", "[tokens]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    CHECK_FALSE(has_tokens(*env).value());
    const auto ci = token("ci", TokenScope::Write, {"example.com", "shop.example.org"}, 1);
    REQUIRE(add_token(*env, ci));
    REQUIRE(add_token(*env, token("admin.ops", TokenScope::Admin, {}, 2)));
    REQUIRE(add_token(*env, token("Z-reader_1", TokenScope::Read, {}, 3)));
    CHECK(has_tokens(*env).value());

    const auto found = find_token(*env, ci.hash);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->name == "ci");
    CHECK((*found)->scope == TokenScope::Write);
    CHECK((*found)->host_suffixes == ci.host_suffixes);
    CHECK((*found)->created == ci.created);
    CHECK((*found)->hash == ci.hash);
    CHECK(find_token(*env, hash_of(99)).value() == std::nullopt);

    const auto listed = list_tokens(*env);
    REQUIRE(listed);
    std::vector<std::string> names;
    for (const auto& t : *listed) {
        names.push_back(t.name);
    }
    // Byte order: upper case before lower case.
    CHECK(names == std::vector<std::string>{"Z-reader_1", "admin.ops", "ci"});

    REQUIRE(revoke_token(*env, "ci"));
    CHECK(find_token(*env, ci.hash).value() == std::nullopt);
    CHECK(list_tokens(*env)->size() == 2);
    REQUIRE(revoke_token(*env, "admin.ops"));
    REQUIRE(revoke_token(*env, "Z-reader_1"));
    CHECK_FALSE(has_tokens(*env).value());
}

TEST_CASE("a token name or hash that exists is a Conflict and changes nothing", "[tokens]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    REQUIRE(add_token(*env, token("ci", TokenScope::Write, {}, 1)));

    const auto same_name = add_token(*env, token("ci", TokenScope::Admin, {}, 2));
    REQUIRE_FALSE(same_name);
    CHECK(same_name.error().code == base::ErrorCode::Conflict);
    CHECK_THAT(same_name.error().message, Contains("ci"));

    const auto same_hash = add_token(*env, token("other", TokenScope::Admin, {}, 1));
    REQUIRE_FALSE(same_hash);
    CHECK(same_hash.error().code == base::ErrorCode::Conflict);

    const auto listed = list_tokens(*env);
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().scope == TokenScope::Write);
    CHECK(find_token(*env, hash_of(2)).value() == std::nullopt);
}

TEST_CASE("revoking a token name that does not exist is NotFound, naming it", "[tokens]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    REQUIRE(add_token(*env, token("ci", TokenScope::Write, {}, 1)));
    const auto revoked = revoke_token(*env, "no-such-token");
    REQUIRE_FALSE(revoked);
    CHECK(revoked.error().code == base::ErrorCode::NotFound);
    CHECK_THAT(revoked.error().message, Contains("no-such-token"));
    CHECK(list_tokens(*env)->size() == 1);
}

TEST_CASE("a token outside the bounds of name and hosts is Invalid", "[tokens]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    const std::vector<TokenRecord> bad{
        token("", TokenScope::Write, {}, 1),
        token(std::string(65, 'a'), TokenScope::Write, {}, 2),
        token("has space", TokenScope::Write, {}, 3),
        token("slash/name", TokenScope::Write, {}, 4),
        token("ci", static_cast<TokenScope>(3), {}, 5),
        token("ci", TokenScope::Write, {""}, 6),
        token("ci", TokenScope::Write, {"Upper.example.com"}, 7),
        token("ci", TokenScope::Write, {std::string(254, 'a')}, 8),
        token("ci", TokenScope::Write, std::vector<std::string>(65, "example.com"), 9),
    };
    for (const auto& t : bad) {
        INFO("name '" << t.name << "'");
        const auto added = add_token(*env, t);
        REQUIRE_FALSE(added);
        CHECK(added.error().code == base::ErrorCode::Invalid);
    }
    CHECK(add_token(*env, token(std::string(64, 'a'), TokenScope::Write,
                                std::vector<std::string>(64, std::string(253, 'b')), 10)));
    CHECK(has_tokens(*env).value());
}

TEST_CASE("tokens survive reopening the store", "[tokens]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    const auto ci = token("ci", TokenScope::Admin, {"example.com"}, 7);
    {
        const auto env = test::open_store(options);
        REQUIRE(add_token(*env, ci));
    }
    auto env = Env::open(options, test::apex, Env::Mode::ReadOnly);
    REQUIRE(env);
    const auto found = find_token(**env, ci.hash);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->name == "ci");
    CHECK((*found)->scope == TokenScope::Admin);
    CHECK((*found)->host_suffixes == std::vector<std::string>{"example.com"});
    // A read-only store refuses token writes.
    CHECK_FALSE(add_token(**env, token("more", TokenScope::Read, {}, 8)));
    CHECK_FALSE(revoke_token(**env, "ci"));
}

TEST_CASE("a store made before tokens opens read-only with no tokens, and read-write adds them",
          "[tokens]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    test::open_store(options).reset();
    test::drop_database(options, "tokens");
    {
        auto env = Env::open(options, test::apex, Env::Mode::ReadOnly);
        INFO((env ? "" : env.error().message));
        REQUIRE(env);
        CHECK_FALSE(has_tokens(**env).value());
        CHECK(list_tokens(**env)->empty());
        CHECK(find_token(**env, hash_of(1)).value() == std::nullopt);
        CHECK_FALSE(add_token(**env, token("ci", TokenScope::Write, {}, 1)));
        CHECK(revoke_token(**env, "ci").error().code != base::ErrorCode::NotFound);
    }
    const auto env = test::open_store(options);
    REQUIRE(add_token(*env, token("ci", TokenScope::Write, {}, 1)));
    CHECK(has_tokens(*env).value());
}

TEST_CASE("may_write: write and admin scopes, on a suffix or below it on a label boundary",
          "[tokens]") {
    const auto scoped = token("ci", TokenScope::Write, {"example.com", "shop.example.org"}, 1);
    CHECK(may_write(scoped, "example.com"));
    CHECK(may_write(scoped, "a.example.com"));
    CHECK(may_write(scoped, "deep.a.example.com"));
    CHECK(may_write(scoped, "shop.example.org"));
    CHECK(may_write(scoped, "www.shop.example.org"));
    CHECK_FALSE(may_write(scoped, "badexample.com"));
    CHECK_FALSE(may_write(scoped, "example.org"));
    CHECK_FALSE(may_write(scoped, "example.com.evil.net"));
    CHECK_FALSE(may_write(scoped, "com"));
    CHECK_FALSE(may_write(scoped, ""));

    const auto admin = token("ops", TokenScope::Admin, {"example.com"}, 2);
    CHECK(may_write(admin, "www.example.com"));
    CHECK_FALSE(may_write(admin, "www.example.net"));

    const auto reader = token("ro", TokenScope::Read, {"example.com"}, 3);
    CHECK_FALSE(may_write(reader, "example.com"));
    CHECK_FALSE(may_write(reader, "www.example.com"));

    const auto everywhere = token("all", TokenScope::Write, {}, 4);
    CHECK(may_write(everywhere, "www.example.com"));
    CHECK(may_write(everywhere, "anything.example.net"));
    CHECK_FALSE(may_write(token("all-ro", TokenScope::Read, {}, 5), "www.example.com"));
}

TEST_CASE("token scopes read and print as read, write, admin", "[tokens]") {
    for (const auto scope : {TokenScope::Read, TokenScope::Write, TokenScope::Admin}) {
        CHECK(token_scope_from_text(to_text(scope)) == scope);
    }
    CHECK(to_text(TokenScope::Write) == "write");
    CHECK(token_scope_from_text("Admin") == std::nullopt);
    CHECK(token_scope_from_text("") == std::nullopt);
    CHECK(token_scope_from_text("owner") == std::nullopt);
}

} // namespace dcvd::store
