// tests/unit/store/delegations_test.cpp: the checker's records and the check schedule, kept in
// step with the targets by every write: registration schedules, a recorded check moves state,
// suppression and the schedule, removal forgets, and stores from before the checker are
// backfilled.
#include <catch2/catch.hpp>

#include "dcvd/store/delegation_reader.hpp"
#include "dcvd/store/outbox.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/store/stats.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {
namespace {

using Catch::Matchers::Contains;

RegisterTarget registration(std::string_view host, std::uint64_t at) {
    return RegisterTarget{std::string(host), test::key_of(host), at};
}

std::vector<std::string> due_hosts(
    Env& env, std::uint64_t now, std::size_t limit = 100,
    const std::function<bool(std::span<const std::uint8_t>)>& skip =
        [](std::span<const std::uint8_t>) { return false; }) {
    auto due = due_delegations(env, now, limit, skip);
    REQUIRE(due);
    std::vector<std::string> hosts;
    for (const Delegation& delegation : *due) {
        hosts.push_back(delegation.host);
    }
    return hosts;
}

Delegation delegation_of(Env& env, std::string_view host) {
    auto found = get_delegation(env, test::key_of(host));
    REQUIRE(found);
    REQUIRE(*found);
    return std::move(**found);
}

// What a check that confirmed `state` at `at` would store, due again at `next`.
RecordCheck checked(const Delegation& delegation, DelegationState state, std::uint64_t at,
                    std::uint64_t next, StaleReason reason = StaleReason::None) {
    RecordCheck op{delegation.key, delegation.host, delegation.status};
    auto& status = op.status;
    status.transitions.push_back(Transition{status.state, state, reason, at, "seen"});
    status.state = state;
    status.reason = reason;
    status.since = at;
    status.cname_seen = true;
    status.last_check = at;
    status.next_check = next;
    status.evidence = "seen";
    return op;
}

} // namespace

TEST_CASE("a registered host is due for a check at once; an acme-dns target never",
          "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("www.example.com", 100)).get());
    REQUIRE(writer.submit(test::put("shop.example.org", "v", 10'000, 200)).get());
    AcmeDnsAccount account;
    account.username = "5f5f5f5f-0000-4000-8000-000000000001";
    account.subdomain = "5f5f5f5f-0000-4000-8000-000000000002";
    account.created = 50;
    REQUIRE(writer.submit(RegisterAcmeDns{account, test::key_of(account.subdomain)}).get());

    CHECK(due_hosts(*env, 99).empty());
    CHECK(due_hosts(*env, 100) == std::vector<std::string>{"www.example.com"});
    CHECK(due_hosts(*env, 300) == std::vector<std::string>{"www.example.com", "shop.example.org"});
    CHECK_FALSE(get_delegation(*env, test::key_of(account.subdomain)).value());

    const Delegation fresh = delegation_of(*env, "www.example.com");
    CHECK(fresh.status.state == DelegationState::Pending);
    CHECK(fresh.status.registered_at == 100);
    CHECK(fresh.status.next_check == 100);
    CHECK(fresh.status.last_check == 0);
    CHECK(fresh.status.transitions.empty());
}

TEST_CASE("due delegations come earliest first, within the limit, passing over those skipped",
          "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("c.example.com", 30)).get());
    REQUIRE(writer.submit(registration("a.example.com", 10)).get());
    REQUIRE(writer.submit(registration("b.example.com", 20)).get());
    CHECK(due_hosts(*env, 100) ==
          std::vector<std::string>{"a.example.com", "b.example.com", "c.example.com"});
    CHECK(due_hosts(*env, 100, 2) == std::vector<std::string>{"a.example.com", "b.example.com"});
    const Key in_flight = test::key_of("a.example.com");
    const auto skip = [&in_flight](std::span<const std::uint8_t> key) {
        return std::ranges::equal(key, in_flight);
    };
    CHECK(due_hosts(*env, 100, 2, skip) ==
          std::vector<std::string>{"b.example.com", "c.example.com"});
}

TEST_CASE("a recorded check moves the state, the counts and the schedule together",
          "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("www.example.com", 100)).get());
    const auto serial_before = current_serial(*env).value();

    auto op =
        checked(delegation_of(*env, "www.example.com"), DelegationState::Active, 160, 160 + 21'600);
    op.status.edge_seen = true;
    const auto outcome = writer.submit(op).get();
    REQUIRE(outcome);
    CHECK_FALSE(outcome->changed); // the answers are the same: no new serial
    CHECK(current_serial(*env).value() == serial_before);

    const Delegation stored = delegation_of(*env, "www.example.com");
    CHECK(stored.status == op.status);
    const auto record = get_target(*env, test::key_of("www.example.com")).value();
    CHECK(record->state == DelegationState::Active);
    CHECK(record->state_since == 160);
    CHECK_FALSE(record->is_suppressed());
    CHECK(delegation_counts(*env).value().of(DelegationState::Active) == 1);
    CHECK(delegation_counts(*env).value() == recount_delegations(*env).value());

    CHECK(due_hosts(*env, 160 + 21'599).empty()); // the old entry went with the move
    CHECK(due_hosts(*env, 160 + 21'600) == std::vector<std::string>{"www.example.com"});
}

TEST_CASE("a stale delegation's values are not served until it leaves stale, with new serials",
          "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(test::put("www.example.com", "token", 1'000'000, 100)).get());
    const auto serial_0 = current_serial(*env).value();

    auto stale = checked(delegation_of(*env, "www.example.com"), DelegationState::Stale, 200, 900,
                         StaleReason::HostMoved);
    const auto went_stale = writer.submit(stale).get();
    REQUIRE(went_stale);
    CHECK(went_stale->changed);
    const auto serial_1 = current_serial(*env).value();
    CHECK(serial_1 != serial_0);
    auto record = get_target(*env, test::key_of("www.example.com")).value();
    CHECK(record->is_suppressed());
    CHECK(record->values.size() == 1); // kept, not served

    auto back = checked(delegation_of(*env, "www.example.com"), DelegationState::Active, 300, 900);
    REQUIRE(writer.submit(back).get()->changed);
    CHECK(current_serial(*env).value() != serial_1);
    record = get_target(*env, test::key_of("www.example.com")).value();
    CHECK_FALSE(record->is_suppressed());
    const auto transitions = delegation_of(*env, "www.example.com").status.transitions;
    REQUIRE(transitions.size() == 2);
    CHECK(transitions[0].to == DelegationState::Stale);
    CHECK(transitions[1].from == DelegationState::Stale);
}

TEST_CASE("a check of a removed or re-registered host stores nothing", "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("www.example.com", 100)).get());
    const auto late =
        checked(delegation_of(*env, "www.example.com"), DelegationState::Delegated, 150, 500);

    REQUIRE(writer.submit(RemoveTarget{test::key_of("www.example.com")}).get());
    CHECK(due_hosts(*env, 1'000).empty()); // its schedule entry went with it
    const auto gone = writer.submit(late).get();
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == base::ErrorCode::NotFound);

    REQUIRE(writer.submit(registration("www.example.com", 140)).get());
    const auto anew = writer.submit(late).get();
    REQUIRE_FALSE(anew);
    CHECK(anew.error().code == base::ErrorCode::Conflict);
    CHECK_THAT(anew.error().message, Contains("registered anew"));
    CHECK(delegation_of(*env, "www.example.com").status.state == DelegationState::Pending);
    CHECK(due_hosts(*env, 140) == std::vector<std::string>{"www.example.com"});
}

TEST_CASE("a recorded check that does not fit its state is Invalid", "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("www.example.com", 100)).get());
    auto op = checked(delegation_of(*env, "www.example.com"), DelegationState::Stale, 150, 500);
    const auto refused = writer.submit(op).get(); // stale without a reason
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::Invalid);
    auto other = checked(delegation_of(*env, "www.example.com"), DelegationState::Active, 150, 500);
    other.host = "www.example.org";
    CHECK(writer.submit(other).get().error().code == base::ErrorCode::Conflict);
}

TEST_CASE("every delegation is visited in key order", "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("b.example.com", 1)).get());
    REQUIRE(writer.submit(registration("a.example.com", 2)).get());
    std::vector<std::string> hosts;
    REQUIRE(for_each_delegation(*env, [&hosts](const Delegation& delegation) {
        hosts.push_back(delegation.host);
        return true;
    }));
    CHECK(hosts == std::vector<std::string>{"a.example.com", "b.example.com"});
}

TEST_CASE("a store made before the checker has every customer target scheduled at once by a "
          "read-write open",
          "[delegations]") {
    test::TempDir dir;
    const Options options = test::options_in(dir);
    {
        auto env = test::open_store(options);
        Writer writer(*env);
        REQUIRE(writer.submit(registration("www.example.com", 100)).get());
        REQUIRE(writer.submit(registration("shop.example.org", 200)).get());
    }
    test::drop_database(options, "delegations");
    test::drop_database(options, "checks");
    {
        auto read_only = Env::open(options, test::apex, Env::Mode::ReadOnly);
        REQUIRE(read_only);
        CHECK(due_hosts(**read_only, UINT64_MAX).empty());
        const auto found = get_delegation(**read_only, test::key_of("www.example.com"));
        REQUIRE(found);
        REQUIRE(*found);
        CHECK((*found)->status.next_check == 0); // no record: only the target's part
    }
    auto env = test::open_store(options);
    CHECK(due_hosts(*env, UINT64_MAX).size() == 2);
    CHECK(delegation_of(*env, "shop.example.org").status.registered_at == 200);
}

TEST_CASE("a stale delegation refuses new values naming its reason, unless forced; a forced write "
          "serves its values until a check confirms it stale again",
          "[delegations]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(test::put("www.example.com", "old", 1'000'000, 100)).get());
    const auto stale = checked(delegation_of(*env, "www.example.com"), DelegationState::Stale, 200,
                               900, StaleReason::HostMoved);
    REQUIRE(writer.submit(stale).get());

    const auto refused = writer.submit(test::put("www.example.com", "new", 1'000'000, 300)).get();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::Conflict);
    CHECK_THAT(refused.error().message, Contains("stale (host_moved)"));
    CHECK(get_target(*env, test::key_of("www.example.com")).value()->values.size() == 1);

    PutValue forced = test::put("www.example.com", "new", 1'000'000, 300);
    forced.force = true;
    const auto serial_before = current_serial(*env).value();
    const auto written = writer.submit(forced).get();
    REQUIRE(written);
    CHECK(written->changed);
    CHECK(current_serial(*env).value() != serial_before);
    auto record = get_target(*env, test::key_of("www.example.com")).value();
    CHECK_FALSE(record->is_suppressed());
    CHECK(record->state == DelegationState::Stale); // the state is the checker's to change
    CHECK(record->values.size() == 2);

    auto again = delegation_of(*env, "www.example.com");
    RecordCheck confirmed{again.key, again.host, again.status};
    confirmed.status.last_check = 400;
    confirmed.status.next_check = 1'400;
    REQUIRE(writer.submit(confirmed).get()->changed);
    CHECK(get_target(*env, test::key_of("www.example.com")).value()->is_suppressed());
}

TEST_CASE("a transition's webhook deliveries are written with it and leave the outbox once "
          "delivered; ids are never reused",
          "[delegations][outbox]") {
    test::TempDir dir;
    auto env = test::open_store(test::options_in(dir));
    Writer writer(*env);
    REQUIRE(writer.submit(registration("www.example.com", 100)).get());
    auto op = checked(delegation_of(*env, "www.example.com"), DelegationState::Active, 150, 500);
    op.notify = {OutboxMessage{"http://127.0.0.1:9000/a", R"({"to":"active"})"},
                 OutboxMessage{"https://hooks.example/b", R"({"to":"active"})"}};
    REQUIRE(writer.submit(op).get());
    auto pending = outbox_after(*env, 0, 10);
    REQUIRE(pending);
    REQUIRE(pending->size() == 2);
    CHECK((*pending)[0].id == 1);
    CHECK((*pending)[1].url == "https://hooks.example/b");
    CHECK((*pending)[1].body == R"({"to":"active"})");
    CHECK(outbox_after(*env, 1, 10)->size() == 1);
    CHECK(outbox_after(*env, 0, 1)->size() == 1);

    REQUIRE(writer.submit(DeleteOutbox{1}).get());
    REQUIRE(writer.submit(DeleteOutbox{2}).get());
    REQUIRE(writer.submit(DeleteOutbox{2}).get()); // already gone: no error
    CHECK(outbox_after(*env, 0, 10)->empty());

    auto next =
        checked(delegation_of(*env, "www.example.com"), DelegationState::Delegated, 600, 900);
    next.notify = {OutboxMessage{"http://127.0.0.1:9000/a", "{}"}};
    REQUIRE(writer.submit(next).get());
    CHECK(outbox_after(*env, 0, 10).value().at(0).id == 3);

    auto refused =
        checked(delegation_of(*env, "www.example.com"), DelegationState::Active, 950, 990);
    refused.notify = {OutboxMessage{"", "{}"}};
    CHECK(writer.submit(refused).get().error().code == base::ErrorCode::Invalid);
    CHECK(delegation_of(*env, "www.example.com").status.state == DelegationState::Delegated);
}

} // namespace dcvd::store
