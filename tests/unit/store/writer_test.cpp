// tests/unit/store/writer_test.cpp: group commit, the serial (RFC 1982), and the semantics of
// each write operation, including the expiry index a purge walks.
#include <atomic>
#include <future>
#include <optional>
#include <thread>

#include <catch2/catch.hpp>

#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// Holds the writer thread inside the listener of its next changing commit until released, so
// that everything submitted meanwhile queues up for one group commit. No sleeps, no timing.
class CommitGate {
public:
    CommitListener listener() {
        return [this](std::uint32_t, std::size_t ops, std::chrono::nanoseconds) {
            ops_per_commit_.push_back(ops);
            if (commits_.fetch_add(1) == 0) {
                released_.wait();
            }
        };
    }
    void release() { release_.set_value(); }
    [[nodiscard]] int commits() const { return commits_.load(); }
    /// Read only after the writer is gone or idle.
    [[nodiscard]] const std::vector<std::size_t>& ops_per_commit() const { return ops_per_commit_; }

private:
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
    std::atomic<int> commits_{0};
    std::vector<std::size_t> ops_per_commit_;
};

TargetRecord record_at(Env& env, std::string_view host) {
    auto record = get_target(env, test::key_of(host));
    REQUIRE(record);
    REQUIRE(record->has_value());
    return **record;
}

bool is_registered(Env& env, std::string_view host) {
    auto record = get_target(env, test::key_of(host));
    REQUIRE(record);
    return record->has_value();
}

std::vector<std::string> texts_at(Env& env, std::string_view host) {
    std::vector<std::string> texts;
    for (const auto& value : record_at(env, host).values) {
        texts.push_back(value.text);
    }
    return texts;
}

SyncStaticZone sync(std::uint32_t file_serial, std::uint8_t digest_byte) {
    SyncStaticZone op;
    op.file_serial = file_serial;
    op.digest.fill(digest_byte);
    return op;
}

WriteOutcome must(std::future<base::Result<WriteOutcome>> pending) {
    auto outcome = pending.get();
    INFO((outcome ? "" : outcome.error().message));
    REQUIRE(outcome);
    return *outcome;
}

} // namespace

TEST_CASE("concurrent submissions are group-committed and all land exactly", "[writer]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.max_batch_ops = 64;
    const auto env = test::open_store(options);
    CommitGate gate;
    {
        Writer writer(*env, gate.listener());
        const auto first = must(writer.submit(test::put("first.example.com", "v")));
        // The writer now waits in the listener of that commit; these all queue behind it.
        constexpr int threads = 8;
        constexpr int per_thread = 25;
        std::vector<std::future<base::Result<WriteOutcome>>> pending(threads * per_thread);
        std::vector<std::thread> submitters;
        for (int t = 0; t < threads; ++t) {
            submitters.emplace_back([&writer, &pending, t] {
                for (int i = 0; i < per_thread; ++i) {
                    const std::string host =
                        "h" + std::to_string(i) + ".t" + std::to_string(t) + ".example.com";
                    pending[static_cast<std::size_t>(t * per_thread + i)] =
                        writer.submit(test::put(host, "value-" + std::to_string(i)));
                }
            });
        }
        for (auto& submitter : submitters) {
            submitter.join();
        }
        gate.release();
        std::vector<std::uint32_t> serials;
        for (auto& one : pending) {
            serials.push_back(must(std::move(one)).serial);
        }
        // 200 queued ops in groups of at most max_batch_ops: 64 + 64 + 64 + 8 (the commits are
        // counted below, once the writer is gone: its listener runs after it answers).
        std::sort(serials.begin(), serials.end());
        serials.erase(std::unique(serials.begin(), serials.end()), serials.end());
        CHECK(serials == std::vector<std::uint32_t>{first.serial + 1, first.serial + 2,
                                                    first.serial + 3, first.serial + 4});
    }
    CHECK(gate.commits() == 5);
    CHECK(gate.ops_per_commit() == std::vector<std::size_t>{1, 64, 64, 64, 8});
    std::size_t targets = 0;
    const auto serial = for_each_target(*env, {}, 0, [&](auto, const TargetRecord& record) {
        ++targets;
        CHECK(record.values.size() == 1);
        return true;
    });
    CHECK(targets == 201);
    CHECK(serial.value() == 5);
    CHECK(texts_at(*env, "h24.t7.example.com") == std::vector<std::string>{"value-24"});
}

TEST_CASE("writes queued during a commit make the next one wait commit_delay for more to join",
          "[writer]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.max_batch_ops = 2;                    // the wait ends when a second operation queues
    options.commit_delay = std::chrono::hours(1); // so it never ends by time in this test
    const auto env = test::open_store(options);
    CommitGate gate;
    {
        Writer writer(*env, gate.listener());
        must(writer.submit(test::put("first.example.com", "v")));
        // The writer holds in the first commit's listener while three queue; it takes two, and
        // the third is still queued when their commit is written.
        auto second = writer.submit(test::put("second.example.com", "v"));
        auto third = writer.submit(test::put("third.example.com", "v"));
        auto fourth = writer.submit(test::put("fourth.example.com", "v"));
        gate.release();
        must(std::move(second));
        must(std::move(third));
        // Without the wait the fourth would commit alone before (or while) this one queues.
        auto fifth = writer.submit(test::put("fifth.example.com", "v"));
        CHECK(must(std::move(fourth)).serial == must(std::move(fifth)).serial);
    }
    CHECK(gate.ops_per_commit() == std::vector<std::size_t>{1, 2, 2});
}

TEST_CASE("a lone writer, one operation after another's answer, never waits for commit_delay",
          "[writer]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.commit_delay = std::chrono::hours(1);
    const auto env = test::open_store(options);
    Writer writer(*env);
    for (int i = 0; i < 20; ++i) {
        auto pending = writer.submit(test::put("h" + std::to_string(i) + ".example.com", "v"));
        // A wait would last an hour; any commit of this machine takes well under a minute.
        REQUIRE(pending.wait_for(std::chrono::minutes(1)) == std::future_status::ready);
        must(std::move(pending));
    }
}

TEST_CASE("a failing operation leaves no trace while the others in its commit stay", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    CommitGate gate;
    Writer writer(*env, gate.listener());
    // "old" expires at 1500; "keep" much later. The writer then waits in the listener.
    const auto opened = writer.apply_all(
        {test::put("www.example.com", "old", 1'500), test::put("www.example.com", "keep", 9'000)});
    REQUIRE(opened);
    // Drops the expired "old" (and its index entry), then fails the limit: all must roll back.
    auto over = test::put("www.example.com", "third", 9'000, 2'000);
    over.max_values = 1;
    auto failing = writer.submit(over);
    auto fine = writer.submit(test::put("other.example.com", "v"));
    gate.release();
    const auto refused = failing.get();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::Conflict);
    const auto applied = must(std::move(fine));
    CHECK(applied.serial == *opened + 1);
    CHECK(texts_at(*env, "www.example.com") == std::vector<std::string>{"old", "keep"});
    // The index entry of "old" survived the rollback: a purge still finds exactly it.
    const auto purged = must(writer.submit(PurgeExpired{2'000}));
    CHECK(purged.affected == 1);
    CHECK(texts_at(*env, "www.example.com") == std::vector<std::string>{"keep"});
}

TEST_CASE("the serial advances once per commit that changes data, and only then", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    std::atomic<int> commits{0};
    Writer writer(*env,
                  [&commits](std::uint32_t, std::size_t, std::chrono::nanoseconds) { ++commits; });
    CHECK(current_serial(*env).value() == 0);
    CHECK(writer
              .apply_all({test::put("a.example.com", "1"), test::put("b.example.com", "2"),
                          test::put("c.example.com", "3")})
              .value() == 1);
    // Registering what is registered, and re-putting the same value, change nothing.
    const auto same =
        must(writer.submit(RegisterTarget{"a.example.com", test::key_of("a.example.com"), 5}));
    CHECK_FALSE(same.changed);
    CHECK(same.serial == 1);
    const auto again = must(writer.submit(test::put("a.example.com", "1")));
    CHECK_FALSE(again.changed);
    CHECK(again.serial == 1);
    // The listener runs after the callers are answered, on the writer thread, so each check
    // of the count waits for a later operation (the writer finished the listener before it).
    CHECK(commits.load() == 1);
    CHECK(must(writer.submit(test::put("a.example.com", "new"))).serial == 2);
    CHECK(current_serial(*env).value() == 2);
    CHECK_FALSE(must(writer.submit(test::put("a.example.com", "new"))).changed);
    CHECK(commits.load() == 2);
}

TEST_CASE("the serial wraps modulo 2^32 (RFC 1982 §3.1)", "[writer][serial]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    CHECK(must(writer.submit(sync(0xffff'ffffU, 1))).serial == 0xffff'ffffU);
    CHECK(must(writer.submit(test::put("a.example.com", "1"))).serial == 0);
    CHECK(must(writer.submit(test::put("a.example.com", "2"))).serial == 1);
}

TEST_CASE("static zone sync: the first sets the file's serial, a change moves past both "
          "(RFC 1982), no change does nothing",
          "[writer][serial]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    const auto first = must(writer.submit(sync(2024'01'01'00U, 1)));
    CHECK(first.changed);
    CHECK(first.serial == 2024'01'01'00U);
    const auto unchanged = must(writer.submit(sync(2030'01'01'00U, 1)));
    CHECK_FALSE(unchanged.changed);
    CHECK(unchanged.serial == 2024'01'01'00U);
    // Digest changed, file serial behind: stored + 1.
    CHECK(must(writer.submit(sync(5, 2))).serial == 2024'01'01'01U);
    // Digest changed, file serial ahead: the file's.
    CHECK(must(writer.submit(sync(2025'01'01'00U, 3))).serial == 2025'01'01'00U);

    const test::TempDir wrap_dir;
    const auto wrap_env = test::open_store(test::options_in(wrap_dir));
    Writer wrap_writer(*wrap_env);
    CHECK(must(wrap_writer.submit(sync(0xffff'fff0U, 1))).serial == 0xffff'fff0U);
    // 5 is greater than 0xfffffff1 in sequence space: it wins.
    CHECK(must(wrap_writer.submit(sync(5, 2))).serial == 5);
}

TEST_CASE("a sync and data changes in one commit advance the serial once", "[writer][serial]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.apply_all({sync(100, 1)}).value() == 100);
    CHECK(writer
              .apply_all(
                  {test::put("a.example.com", "1"), sync(50, 2), test::put("b.example.com", "2")})
              .value() == 101);
}

TEST_CASE("a value already there is refreshed in place, its expiry index entry moved", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.apply_all(
        {test::put("www.example.com", "a", 2'000), test::put("www.example.com", "b", 3'000)}));
    auto refresh = test::put("www.example.com", "a", 5'000);
    refresh.ttl = 120;
    const auto refreshed = must(writer.submit(refresh));
    CHECK(refreshed.changed);
    CHECK_FALSE(refreshed.created);
    CHECK_FALSE(refreshed.value_added);
    const auto record = record_at(*env, "www.example.com");
    REQUIRE(record.values.size() == 2);
    CHECK(record.values[0].text == "a");
    CHECK(record.values[0].ttl == 120);
    CHECK(record.values[0].expires_at == 5'000);
    // The old entry (2000) is gone: a purge then removes only "b".
    CHECK(must(writer.submit(PurgeExpired{3'000})).affected == 1);
    CHECK(texts_at(*env, "www.example.com") == std::vector<std::string>{"a"});
    CHECK(must(writer.submit(PurgeExpired{5'000})).affected == 1);
}

TEST_CASE("max_values counts only unexpired values, and a put drops the expired ones", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    auto capped = [](std::string_view text, std::uint64_t expires_at, std::uint64_t now) {
        auto op = test::put("www.example.com", text, expires_at, now);
        op.max_values = 2;
        return op;
    };
    REQUIRE(writer.apply_all({capped("a", 1'500, 1'000), capped("b", 9'000, 1'000)}));
    const auto full = writer.submit(capped("c", 9'000, 1'000)).get();
    REQUIRE_FALSE(full);
    CHECK(full.error().code == base::ErrorCode::Conflict);
    CHECK_THAT(full.error().message, Contains("www.example.com") && Contains("2"));
    // At 1500 "a" has expired: it goes, and "c" fits.
    const auto added = must(writer.submit(capped("c", 9'000, 1'500)));
    CHECK(added.affected == 1);
    CHECK(texts_at(*env, "www.example.com") == std::vector<std::string>{"b", "c"});
}

TEST_CASE("purge removes exactly the values expired by now; their targets stay registered",
          "[writer][purge]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.apply_all(
        {test::put("one.example.com", "early", 1'100), test::put("one.example.com", "late", 1'300),
         test::put("two.example.com", "edge", 1'200), test::put("two.example.com", "early", 1'100),
         test::put("three.example.com", "late", 1'300)}));
    const auto nothing = must(writer.submit(PurgeExpired{1'099}));
    CHECK_FALSE(nothing.changed);
    CHECK(nothing.affected == 0);
    // expires_at <= now is expired: "edge" at exactly 1200 goes too.
    const auto purged = must(writer.submit(PurgeExpired{1'200}));
    CHECK(purged.changed);
    CHECK(purged.affected == 3);
    CHECK(purged.serial == nothing.serial + 1);
    CHECK(texts_at(*env, "one.example.com") == std::vector<std::string>{"late"});
    CHECK(texts_at(*env, "two.example.com").empty()); // still a target: NODATA, not NXDOMAIN
    CHECK(texts_at(*env, "three.example.com") == std::vector<std::string>{"late"});
    CHECK(must(writer.submit(PurgeExpired{1'300})).affected == 2);
    CHECK_FALSE(must(writer.submit(PurgeExpired{99'999})).changed);
}

TEST_CASE("removing values and targets keeps the expiry index in step", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.apply_all(
        {test::put("www.example.com", "a", 1'100), test::put("www.example.com", "b", 1'100),
         test::put("gone.example.com", "c", 1'100), test::put("all.example.com", "d", 1'100)}));
    CHECK(must(writer.submit(RemoveValues{test::key_of("www.example.com"), "a"})).affected == 1);
    CHECK(
        must(writer.submit(RemoveValues{test::key_of("all.example.com"), std::nullopt})).affected ==
        1);
    CHECK(must(writer.submit(RemoveTarget{test::key_of("gone.example.com")})).affected == 1);
    CHECK(get_target(*env, test::key_of("gone.example.com")).value() == std::nullopt);
    // Only "b" is left in the index.
    CHECK(must(writer.submit(PurgeExpired{2'000})).affected == 1);

    for (WriteOp op : {WriteOp{RemoveValues{test::key_of("www.example.com"), "zz"}},
                       WriteOp{RemoveTarget{test::key_of("gone.example.com")}}}) {
        const auto refused = writer.submit(std::move(op)).get();
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == base::ErrorCode::NotFound);
    }
}

TEST_CASE("a put needs a registered target unless asked to register it", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    auto strict = test::put("www.example.com", "v");
    strict.register_if_missing = false;
    const auto refused = writer.submit(strict).get();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::NotFound);
    const auto registered =
        must(writer.submit(RegisterTarget{"www.example.com", test::key_of("www.example.com"), 7}));
    CHECK(registered.created);
    const auto added = must(writer.submit(strict));
    CHECK_FALSE(added.created);
    CHECK(added.value_added);
    CHECK(record_at(*env, "www.example.com").created == 7);
    // Another host at the same key (a hashed-label collision) is refused.
    const auto other =
        writer.submit(RegisterTarget{"other.example.com", test::key_of("www.example.com"), 7})
            .get();
    REQUIRE_FALSE(other);
    CHECK(other.error().code == base::ErrorCode::Conflict);
}

TEST_CASE("operations are validated inside the writer", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    auto code_of = [&writer](WriteOp op) {
        const auto outcome = writer.submit(std::move(op)).get();
        REQUIRE_FALSE(outcome);
        return outcome.error().code;
    };
    auto bad_text = test::put("www.example.com", "tab\there");
    CHECK(code_of(bad_text) == base::ErrorCode::Invalid);
    CHECK(code_of(test::put("www.example.com", std::string(256, 'x'))) == base::ErrorCode::Invalid);
    CHECK(code_of(test::put("www.example.com", "expired", 1'000, 1'000)) ==
          base::ErrorCode::Invalid);
    auto bad_key = test::put("www.example.com", "v");
    bad_key.key = {'w', 'w', 'w'}; // no label terminator
    CHECK(code_of(bad_key) == base::ErrorCode::Invalid);
    CHECK(code_of(RegisterTarget{"", test::key_of("www.example.com"), 0}) ==
          base::ErrorCode::Invalid);
}

TEST_CASE("apply_all is all or nothing and names the failing operation", "[writer]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    const auto failed = writer.apply_all(
        {test::put("a.example.com", "1"), test::put("b.example.com", "2"),
         RemoveTarget{test::key_of("missing.example.com")}, test::put("c.example.com", "3")});
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == base::ErrorCode::NotFound);
    CHECK_THAT(failed.error().message, StartsWith("operation 2: "));
    CHECK(get_target(*env, test::key_of("a.example.com")).value() == std::nullopt);
    CHECK(current_serial(*env).value() == 0);
    CHECK(writer.apply_all({test::put("a.example.com", "1")}).value() == 1);
}

TEST_CASE("a full map refuses the commit, writes nothing, and keeps earlier data usable",
          "[writer][full]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.map_size_bytes = 256 * 1024;
    const auto env = test::open_store(options);
    Writer writer(*env);
    std::vector<std::string> stored;
    std::vector<std::string> refused_hosts;
    base::Error refusal;
    for (int batch = 0; batch < 1'000 && refusal.message.empty(); ++batch) {
        std::vector<WriteOp> ops;
        std::vector<std::string> hosts;
        for (int i = 0; i < 10; ++i) {
            hosts.push_back("host-" + std::to_string(batch) + "-" + std::to_string(i) +
                            ".customer.example.com");
            ops.emplace_back(test::put(hosts.back(), std::string(40, 'v')));
        }
        const auto applied = writer.apply_all(std::move(ops));
        if (applied) {
            stored.insert(stored.end(), hosts.begin(), hosts.end());
        } else {
            refusal = applied.error();
            refused_hosts = hosts;
        }
    }
    REQUIRE_FALSE(stored.empty());
    REQUIRE(refusal.code == base::ErrorCode::Full);
    CHECK_THAT(refusal.message, Contains("full") && Contains("nothing was written"));
    for (const auto& host : refused_hosts) {
        CHECK_FALSE(is_registered(*env, host));
    }
    // The same batch again is refused alike: the map is exactly as full as it was.
    std::vector<WriteOp> same_ops;
    for (const auto& host : refused_hosts) {
        same_ops.emplace_back(test::put(host, std::string(40, 'v')));
    }
    const auto same = writer.apply_all(std::move(same_ops));
    REQUIRE_FALSE(same);
    CHECK(same.error().code == base::ErrorCode::Full);
    // Single submissions fill what little room is left, then are refused the same way.
    std::optional<base::Error> single_refusal;
    for (int i = 0; i < 1'000 && !single_refusal; ++i) {
        const auto host = "single-" + std::to_string(i) + ".customer.example.com";
        const auto outcome = writer.submit(test::put(host, std::string(40, 'v'))).get();
        if (outcome) {
            stored.push_back(host);
        } else {
            single_refusal = outcome.error();
            CHECK_FALSE(is_registered(*env, host));
        }
    }
    REQUIRE(single_refusal);
    CHECK(single_refusal->code == base::ErrorCode::Full);
    CHECK_THAT(single_refusal->message, Contains("nothing was written"));
    // Every acknowledged write is still there.
    for (const auto& host : stored) {
        CHECK(texts_at(*env, host) == std::vector<std::string>{std::string(40, 'v')});
    }
}

TEST_CASE("a full map keeps its data and takes writes again once map_size is raised",
          "[writer][full]") {
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.map_size_bytes = 256 * 1024;
    std::vector<std::string> stored;
    {
        const auto env = test::open_store(options);
        Writer writer(*env);
        bool full = false;
        for (int i = 0; i < 10'000 && !full; ++i) {
            const auto host = "host-" + std::to_string(i) + ".customer.example.com";
            const auto outcome = writer.submit(test::put(host, std::string(40, 'v'))).get();
            if (outcome) {
                stored.push_back(host);
            } else {
                full = outcome.error().code == base::ErrorCode::Full;
            }
        }
        REQUIRE(full);
    }
    // LMDB copies pages on write, so a map filled to its last page may refuse even deletes: the
    // operator's way out (docs/OPERATIONS.md) is a larger store.map_size and a restart.
    options.map_size_bytes = 1024 * 1024;
    const auto env = test::open_store(options);
    const auto serial = current_serial(*env).value();
    for (const auto& host : stored) {
        CHECK(texts_at(*env, host) == std::vector<std::string>{std::string(40, 'v')});
    }
    Writer writer(*env);
    for (std::size_t i = 0; i < 20; ++i) {
        must(writer.submit(RemoveTarget{test::key_of(stored[i])}));
    }
    CHECK(must(writer.submit(test::put("one-more.example.com", "fits"))).serial == serial + 21);
}

} // namespace dcvd::store
