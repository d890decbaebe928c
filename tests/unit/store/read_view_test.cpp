// tests/unit/store/read_view_test.cpp: the worker's snapshot: presence from one cursor
// positioning (RFC 8020 empty non-terminals), snapshots and their serials, durability.
#include <catch2/catch.hpp>

#include "dcvd/store/read_view.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {

TEST_CASE("find tells Exists, EmptyNonTerminal (RFC 8020) and Absent with label boundaries",
          "[view]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    {
        Writer writer(*env);
        REQUIRE(writer.apply_all(
            {test::put("www.example.com", "v1"), test::put("deep.a.b.example.org", "v2")}));
    }
    ReadView view(*env);
    REQUIRE(view.renew());
    const auto exists = view.find(test::key_of("www.example.com"));
    REQUIRE(exists.presence == Presence::Exists);
    const TargetRecordView record(exists.record);
    REQUIRE(record.ok());
    CHECK(record.value_count() == 1);

    CHECK(view.find(test::key_of("example.com")).presence == Presence::EmptyNonTerminal);
    CHECK(view.find(test::key_of("com")).presence == Presence::EmptyNonTerminal);
    CHECK(view.find(test::key_of("b.example.org")).presence == Presence::EmptyNonTerminal);
    CHECK(view.find(test::key_of("WWW.Example.COM")).presence == Presence::Exists);
    // "co" is a byte prefix of "com" but not a label of it.
    CHECK(view.find(test::key_of("co")).presence == Presence::Absent);
    CHECK(view.find(test::key_of("ww.example.com")).presence == Presence::Absent);
    CHECK(view.find(test::key_of("x.www.example.com")).presence == Presence::Absent);
    CHECK(view.find(test::key_of("zzz")).presence == Presence::Absent);
    // The apex (empty key) is never asked for, but must not crash: names lie below it.
    CHECK(view.find({}).presence == Presence::EmptyNonTerminal);
    view.reset();
    CHECK(view.find(test::key_of("www.example.com")).presence == Presence::Absent);
}

TEST_CASE("an empty store has nothing, not even below the apex", "[view]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    ReadView view(*env);
    CHECK(view.find(test::key_of("www.example.com")).presence == Presence::Absent);
    REQUIRE(view.renew());
    CHECK(view.serial() == 0);
    CHECK(view.find({}).presence == Presence::Absent);
    CHECK(view.find(test::key_of("www.example.com")).presence == Presence::Absent);
}

TEST_CASE("a view keeps its snapshot until renewed, then sees the latest commit and serial",
          "[view]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    ReadView view(*env);
    REQUIRE(view.renew());
    const auto before = view.serial();
    const auto outcome = writer.submit(test::put("www.example.com", "v1")).get();
    REQUIRE(outcome);
    CHECK(view.find(test::key_of("www.example.com")).presence == Presence::Absent);
    CHECK(view.serial() == before);
    view.reset();
    REQUIRE(view.renew());
    CHECK(view.find(test::key_of("www.example.com")).presence == Presence::Exists);
    CHECK(view.serial() == outcome->serial);
    // renew() on a live snapshot moves it forward too.
    REQUIRE(writer.submit(test::put("two.example.com", "v2")).get());
    REQUIRE(view.renew());
    CHECK(view.find(test::key_of("two.example.com")).presence == Presence::Exists);
}

TEST_CASE("a write's future is ready only once its commit is visible to a fresh view", "[view]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    for (int i = 0; i < 20; ++i) {
        const std::string host = "host" + std::to_string(i) + ".example.com";
        auto done = writer.submit(test::put(host, "v"));
        const auto outcome = done.get();
        REQUIRE(outcome);
        ReadView view(*env);
        REQUIRE(view.renew());
        CHECK(view.find(test::key_of(host)).presence == Presence::Exists);
        CHECK(view.serial() == outcome->serial);
    }
}

} // namespace dcvd::store
