// tests/unit/checker/delegation_state_test.cpp: the delegation states of DESIGN.md §6 on a fake
// clock: hysteresis (consecutive agreeing checks over min_interval), the reasons, unknown checks.
#include <catch2/catch.hpp>

#include "delegation_state.hpp"

namespace dcvd::checker {
namespace {

using enum DelegationState;
constexpr std::uint64_t minute = 60;
constexpr std::uint64_t day = 24 * 60 * minute;
constexpr std::uint64_t registered = 1'800'000'000;

const CheckOutcome delegated_at_edge{ChallengeVerdict::Delegated, HostVerdict::AtEdge, "edge"};
const CheckOutcome delegated_elsewhere{ChallengeVerdict::Delegated, HostVerdict::Elsewhere,
                                       "host at 203.0.113.7"};
const CheckOutcome no_cname{ChallengeVerdict::Absent, HostVerdict::AtEdge, "NXDOMAIN"};
const CheckOutcome servfail{ChallengeVerdict::Unknown, HostVerdict::AtEdge, "SERVFAIL"};

DelegationStatus fresh() {
    DelegationStatus status;
    status.registered_at = registered;
    status.since = registered;
    return status;
}

// Checks every `step` seconds from `from` until the state moves (or `limit` checks); returns
// when it moved.
std::optional<std::uint64_t> check_until_moved(DelegationStatus& status, const CheckOutcome& check,
                                               std::uint64_t from, std::uint64_t step,
                                               const StateRules& rules = {}, int limit = 20) {
    for (int i = 0; i < limit; ++i) {
        const std::uint64_t now = from + static_cast<std::uint64_t>(i) * step;
        if (apply_check(status, check, now, rules)) {
            return now;
        }
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("a move needs 3 agreeing checks spread over min_interval", "[checker][state]") {
    auto status = fresh();
    // Every 5 minutes: the 3rd check (at +10 min) is both the 3rd and 10 minutes after the 1st.
    CHECK(check_until_moved(status, delegated_elsewhere, registered, 5 * minute) ==
          registered + 10 * minute);
    CHECK(status.state == Delegated);
    // Every minute: 3 checks are not enough until the 11th, 10 minutes after the first.
    auto quick = fresh();
    CHECK(check_until_moved(quick, delegated_elsewhere, registered, minute) ==
          registered + 10 * minute);
}

TEST_CASE("a check without evidence neither counts nor breaks the run (SERVFAIL, timeouts)",
          "[checker][state]") {
    auto status = fresh();
    StateRules rules;
    rules.min_interval = std::chrono::seconds(0);
    CHECK_FALSE(apply_check(status, delegated_elsewhere, registered, rules));
    CHECK_FALSE(apply_check(status, servfail, registered + 1, rules));
    CHECK_FALSE(apply_check(status, delegated_elsewhere, registered + 2, rules));
    CHECK_FALSE(apply_check(status, servfail, registered + 3, rules));
    CHECK(apply_check(status, delegated_elsewhere, registered + 4, rules));
    // And however many come, they never move an active delegation.
    auto active = fresh();
    REQUIRE(check_until_moved(active, delegated_at_edge, registered, 5 * minute));
    CHECK_FALSE(check_until_moved(active, servfail, registered + day, 5 * minute, {}, 1000));
    CHECK(active.state == Active);
}

TEST_CASE("a check that wants another move starts the run again", "[checker][state]") {
    auto status = fresh();
    StateRules rules;
    rules.min_interval = std::chrono::seconds(0);
    CHECK_FALSE(apply_check(status, delegated_elsewhere, registered, rules));
    CHECK_FALSE(apply_check(status, delegated_elsewhere, registered + 1, rules));
    CHECK_FALSE(apply_check(status, delegated_at_edge, registered + 2, rules)); // wants active
    CHECK_FALSE(apply_check(status, delegated_at_edge, registered + 3, rules));
    CHECK(status.state == Pending);
    CHECK(apply_check(status, delegated_at_edge, registered + 4, rules)->to == Active);
    // A check agreeing with the current state ends a run under way.
    CHECK_FALSE(apply_check(status, no_cname, registered + 5, rules));
    CHECK_FALSE(apply_check(status, delegated_at_edge, registered + 6, rules));
    CHECK_FALSE(status.candidate.has_value());
}

TEST_CASE("the CNAME and the host at the edge take a pending delegation straight to active",
          "[checker][state]") {
    auto status = fresh();
    REQUIRE(check_until_moved(status, delegated_at_edge, registered, 5 * minute));
    CHECK(status.state == Active);
    REQUIRE(status.transitions.size() == 1);
    CHECK(status.transitions[0].from == Pending);
    CHECK(status.transitions[0].evidence == "edge");
}

TEST_CASE("active, then the host moves: stale (host_moved); set right: active again",
          "[checker][state]") {
    auto status = fresh();
    REQUIRE(check_until_moved(status, delegated_at_edge, registered, 5 * minute));
    const auto moved = check_until_moved(status, delegated_elsewhere, registered + day, 5 * minute);
    REQUIRE(moved);
    CHECK(status.state == Stale);
    CHECK(status.reason == StaleReason::HostMoved);
    CHECK(status.since == *moved);
    REQUIRE(check_until_moved(status, delegated_at_edge, registered + 2 * day, 5 * minute));
    CHECK(status.state == Active);
    CHECK(status.reason == StaleReason::None);
    CHECK(status.transitions.size() == 3);
}

TEST_CASE("never_pointed: the CNAME is there, the host never at the edge within the window",
          "[checker][state]") {
    auto status = fresh();
    REQUIRE(check_until_moved(status, delegated_elsewhere, registered, 5 * minute));
    CHECK(status.state == Delegated); // within the 30 days
    const auto late = registered + 30 * day;
    REQUIRE(check_until_moved(status, delegated_elsewhere, late, 5 * minute));
    CHECK(status.state == Stale);
    CHECK(status.reason == StaleReason::NeverPointed);
    // It comes on board after all.
    REQUIRE(check_until_moved(status, delegated_at_edge, late + day, 5 * minute));
    CHECK(status.state == Active);
}

TEST_CASE("cname_removed: a confirmed CNAME that goes away; one never seen stays pending",
          "[checker][state]") {
    auto status = fresh();
    CHECK_FALSE(check_until_moved(status, no_cname, registered, 5 * minute));
    CHECK(status.state == Pending);
    REQUIRE(check_until_moved(status, delegated_at_edge, registered + day, 5 * minute));
    REQUIRE(check_until_moved(status, no_cname, registered + 2 * day, 5 * minute));
    CHECK(status.state == Stale);
    CHECK(status.reason == StaleReason::CnameRemoved);
}

TEST_CASE("a CNAME to someone else is misdelegated until it points at us", "[checker][state]") {
    auto status = fresh();
    const CheckOutcome other{ChallengeVerdict::Elsewhere, HostVerdict::AtEdge, "other CA"};
    REQUIRE(check_until_moved(status, other, registered, 5 * minute));
    CHECK(status.state == Misdelegated);
    REQUIRE(check_until_moved(status, delegated_at_edge, registered + day, 5 * minute));
    CHECK(status.state == Active);
}

TEST_CASE("only the last kept_transitions transitions are kept", "[checker][state]") {
    auto status = fresh();
    StateRules rules;
    rules.kept_transitions = 2;
    rules.min_interval = std::chrono::seconds(0);
    rules.confirmations = 1;
    std::uint64_t now = registered;
    for (const auto* check : {&delegated_at_edge, &delegated_elsewhere, &delegated_at_edge}) {
        REQUIRE(apply_check(status, *check, ++now, rules));
    }
    REQUIRE(status.transitions.size() == 2);
    CHECK(status.transitions.front().to == Stale);
    CHECK(status.transitions.back().to == Active);
}

} // namespace dcvd::checker
