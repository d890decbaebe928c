// tests/unit/store/stats_test.cpp: the delegation counts the writer keeps in "meta" stay exact
// through every operation (checked against a full recount), stores from before them are
// recounted once, and the map's use is read back.
#include <catch2/catch.hpp>

#include "counts.hpp"
#include "dcvd/store/stats.hpp"
#include "dcvd/store/writer.hpp"
#include "lmdb.hpp"
#include "meta.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {
namespace {

WriteOutcome must(std::future<base::Result<WriteOutcome>> pending) {
    auto outcome = pending.get();
    INFO((outcome ? "" : outcome.error().message));
    REQUIRE(outcome);
    return *outcome;
}

DelegationCounts kept(Env& env) {
    auto counts = delegation_counts(env);
    INFO((counts ? "" : counts.error().message));
    REQUIRE(counts);
    return *counts;
}

// The kept counts, checked equal to a scan of every target.
DelegationCounts exact(Env& env) {
    const auto counts = kept(env);
    const auto scanned = recount_delegations(env);
    REQUIRE(scanned);
    CHECK(counts == *scanned);
    return counts;
}

RegisterTarget registration(std::string_view host) {
    RegisterTarget op;
    op.host = host;
    op.key = test::key_of(host);
    op.created = 1'000;
    return op;
}

// Writes a record straight into "targets", bypassing the writer (and so the counts).
void write_raw(Env& env, std::string_view host, DelegationState state, std::size_t values) {
    TargetRecord record;
    record.host = host;
    record.state = state;
    for (std::size_t i = 0; i < values; ++i) {
        record.values.push_back(ChallengeValue{"v" + std::to_string(i), 60, 10'000});
    }
    const auto bytes = encode(record);
    const auto key = test::key_of(host);
    auto txn = begin_write(env.handles());
    REQUIRE(txn);
    MDB_val k = to_val(key);
    MDB_val v = to_val(bytes);
    REQUIRE(mdb_put(txn->get(), env.handles().targets, &k, &v, 0) == 0);
    REQUIRE(commit(*txn, "test"));
}

void drop_counts_key(Env& env) {
    auto txn = begin_write(env.handles());
    REQUIRE(txn);
    MDB_val k = to_val(meta::delegation_counts_key);
    REQUIRE(mdb_del(txn->get(), env.handles().meta, &k, nullptr) == 0);
    REQUIRE(commit(*txn, "test"));
}

} // namespace

TEST_CASE("delegation counts stay exact through register, put, remove, purge and remove-target",
          "[stats]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    CHECK(exact(*env) == DelegationCounts{});
    Writer writer(*env);

    must(writer.submit(registration("a.example.com")));
    must(writer.submit(registration("a.example.com"))); // idempotent: no second count
    auto counts = exact(*env);
    CHECK(counts.of(DelegationState::Pending) == 1);
    CHECK(counts.values == 0);

    must(writer.submit(test::put("a.example.com", "one", 5'000)));
    must(writer.submit(test::put("a.example.com", "two", 20'000)));
    must(writer.submit(test::put("a.example.com", "two", 30'000)));  // a refresh, not a value
    must(writer.submit(test::put("b.example.com", "three", 5'000))); // registers b
    counts = exact(*env);
    CHECK(counts.of(DelegationState::Pending) == 2);
    CHECK(counts.values == 3);

    RemoveValues remove_one;
    remove_one.key = test::key_of("a.example.com");
    remove_one.text = "two";
    must(writer.submit(remove_one));
    CHECK(exact(*env).values == 2);

    PurgeExpired purge;
    purge.now = 6'000; // "one" and "three" expired at 5000
    CHECK(must(writer.submit(purge)).affected == 2);
    counts = exact(*env);
    CHECK(counts.values == 0);
    CHECK(counts.of(DelegationState::Pending) == 2);

    must(writer.submit(test::put("b.example.com", "four")));
    must(writer.submit(test::put("b.example.com", "five")));
    RemoveValues remove_all;
    remove_all.key = test::key_of("b.example.com");
    must(writer.submit(remove_all));
    CHECK(exact(*env).values == 0);

    must(writer.submit(test::put("b.example.com", "six")));
    must(writer.submit(RemoveTarget{test::key_of("b.example.com")}));
    counts = exact(*env);
    CHECK(counts.of(DelegationState::Pending) == 1);
    CHECK(counts.values == 0);

    must(writer.submit(RemoveTarget{test::key_of("a.example.com")}));
    CHECK(exact(*env) == DelegationCounts{});
}

TEST_CASE("a refused operation leaves the counts as they were", "[stats]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    auto first = test::put("c.example.com", "one");
    first.max_values = 1;
    must(writer.submit(first));
    auto second = test::put("c.example.com", "two");
    second.max_values = 1;
    const auto refused = writer.submit(second).get();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::Conflict);
    // An all-or-nothing batch that fails part way: the target it registered is gone again.
    auto batch_refused = test::put("d.example.com", "x", 10'000);
    auto invalid = test::put("e.example.com", "y", 10, 1'000); // expires before now
    CHECK_FALSE(writer.apply_all({batch_refused, invalid}));
    const auto counts = exact(*env);
    CHECK(counts.of(DelegationState::Pending) == 1);
    CHECK(counts.values == 1);
}

TEST_CASE("a store made before the counts is recounted once by a read-write open", "[stats]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    {
        const auto env = test::open_store(options);
        write_raw(*env, "p.example.com", DelegationState::Pending, 2);
        write_raw(*env, "s.example.com", DelegationState::Stale, 1);
        write_raw(*env, "t.example.com", DelegationState::Stale, 0);
        write_raw(*env, "m.example.com", DelegationState::Misdelegated, 0);
        write_raw(*env, "v.example.com", DelegationState::Active, 3);
        drop_counts_key(*env);
        // Read-only meanwhile: counted by a scan, nothing stored.
        auto txn = begin_read(env->handles());
        REQUIRE(txn);
        const auto stored = counts::load(txn->get(), env->handles());
        REQUIRE(stored);
        CHECK_FALSE(stored->has_value());
        txn->reset();
        const auto counts = kept(*env);
        CHECK(counts.of(DelegationState::Stale) == 2);
        CHECK(counts.values == 6);
    }
    const auto env = test::open_store(options);
    auto txn = begin_read(env->handles());
    REQUIRE(txn);
    const auto stored = counts::load(txn->get(), env->handles());
    REQUIRE(stored);
    REQUIRE(stored->has_value());
    txn->reset();
    auto counts = exact(*env);
    CHECK(counts.of(DelegationState::Pending) == 1);
    CHECK(counts.of(DelegationState::Delegated) == 0);
    CHECK(counts.of(DelegationState::Active) == 1);
    CHECK(counts.of(DelegationState::Stale) == 2);
    CHECK(counts.of(DelegationState::Misdelegated) == 1);
    CHECK(counts.values == 6);

    Writer writer(*env);
    must(writer.submit(RemoveTarget{test::key_of("s.example.com")}));
    counts = exact(*env);
    CHECK(counts.of(DelegationState::Stale) == 1);
    CHECK(counts.values == 5);
}

TEST_CASE("map usage: pages in use within the configured map", "[stats]") {
    const test::TempDir dir;
    const auto options = test::options_in(dir);
    const auto env = test::open_store(options);
    const auto before = map_usage(*env);
    REQUIRE(before);
    CHECK(before->map_bytes == options.map_size_bytes);
    CHECK(before->used_bytes > 0);
    CHECK(before->used_bytes <= before->map_bytes);
    Writer writer(*env);
    std::vector<WriteOp> ops;
    for (int i = 0; i < 500; ++i) {
        ops.emplace_back(test::put("h" + std::to_string(i) + ".example.com", "value"));
    }
    REQUIRE(writer.apply_all(std::move(ops)));
    const auto after = map_usage(*env);
    REQUIRE(after);
    CHECK(after->used_bytes > before->used_bytes);
}

} // namespace dcvd::store
