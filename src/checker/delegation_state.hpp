// checker/delegation_state.hpp: a delegation's state and how one check's evidence moves it
// (../shared/DESIGN.md §6): pending → delegated → active → stale, and misdelegated, with the
// reasons host_moved, never_pointed and cname_removed. A move needs `confirmations` consecutive
// checks agreeing on it, the first and the last at least `min_interval` apart; a check without
// evidence (unknown) neither counts nor breaks a run. Pure: times are given, nothing is stored.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "challenge_probe.hpp"
#include "dcvd/store/target_record.hpp"
#include "host_probe.hpp"

namespace dcvd::checker {

using store::DelegationState; // the store keeps it in the target record (to_text names it)
enum class StaleReason : std::uint8_t { None, HostMoved, NeverPointed, CnameRemoved };

[[nodiscard]] std::string_view to_string(StaleReason reason) noexcept;

struct StateRules {
    unsigned confirmations = 3;
    std::chrono::seconds min_interval{std::chrono::minutes(10)};
    std::chrono::seconds onboarding_window{std::chrono::hours(24 * 30)};
    std::size_t kept_transitions = 16; ///< the last N transitions kept with their evidence
};

/// One check's outcome, as the state machine needs it.
struct CheckOutcome {
    ChallengeVerdict challenge = ChallengeVerdict::Unknown;
    HostVerdict host = HostVerdict::Unknown;
    std::string evidence; ///< what was seen, for the transition record ("CNAME → ...; host ...")
};

struct Transition {
    DelegationState from = DelegationState::Pending;
    DelegationState to = DelegationState::Pending;
    StaleReason reason = StaleReason::None;
    std::uint64_t at = 0; ///< unix seconds
    std::string evidence;
};

struct DelegationStatus {
    DelegationState state = DelegationState::Pending;
    StaleReason reason = StaleReason::None;
    std::uint64_t registered_at = 0; ///< unix seconds; the onboarding window starts here
    std::uint64_t since = 0;         ///< when the current state began
    bool cname_seen = false;         ///< our CNAME was confirmed once (delegated or beyond)
    bool edge_seen = false;          ///< the host was confirmed at the edge once (active)

    /// The move the last checks agree on, not yet confirmed.
    struct Candidate {
        DelegationState state = DelegationState::Pending;
        StaleReason reason = StaleReason::None;
        unsigned checks = 0;
        std::uint64_t first_at = 0;
    };
    std::optional<Candidate> candidate;
    std::deque<Transition> transitions; ///< oldest first, at most StateRules::kept_transitions
};

/// Where `outcome`'s evidence points, given what has been confirmed before; nullopt when the
/// check has no evidence (either part unknown).
[[nodiscard]] std::optional<std::pair<DelegationState, StaleReason>>
wanted_state(const DelegationStatus& status, const CheckOutcome& outcome, std::uint64_t now,
             const StateRules& rules);

/// Applies one check made at `now`; returns the transition when the state moved.
std::optional<Transition> apply_check(DelegationStatus& status, const CheckOutcome& outcome,
                                      std::uint64_t now, const StateRules& rules);

} // namespace dcvd::checker
