// checker/delegation_state.hpp: a delegation's state and how one check's evidence moves it
// (../shared/DESIGN.md §6): pending → delegated → active → stale, and misdelegated, with the
// reasons host_moved, never_pointed and cname_removed. A move needs `confirmations` consecutive
// checks agreeing on it, the first and the last at least `min_interval` apart; a check without
// evidence (unknown) neither counts nor breaks a run. Pure: times are given, nothing is stored.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "challenge_probe.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "host_probe.hpp"

namespace dcvd::checker {

// The store keeps the state in the target record and the rest in its delegation record.
using store::DelegationState;
using store::DelegationStatus;
using store::StaleReason;
using store::Transition;

struct StateRules {
    unsigned confirmations = 3;
    std::chrono::seconds min_interval{std::chrono::minutes(10)};
    std::chrono::seconds onboarding_window{std::chrono::hours(24 * 30)};
    std::size_t kept_transitions = 16; ///< the last N transitions kept with their evidence
                                       ///< (at most store::max_kept_transitions)
};

/// One check's outcome, as the state machine needs it.
struct CheckOutcome {
    ChallengeVerdict challenge = ChallengeVerdict::Unknown;
    HostVerdict host = HostVerdict::Unknown;
    std::string evidence; ///< what was seen, for the transition record ("CNAME → ...; host ...")
};

/// `evidence` cut to what the store keeps (store::max_evidence_size), marked " ..." when cut.
[[nodiscard]] std::string clip_evidence(std::string_view evidence);

/// Where `outcome`'s evidence points, given what has been confirmed before; nullopt when the
/// check has no evidence (either part unknown).
[[nodiscard]] std::optional<std::pair<DelegationState, StaleReason>>
wanted_state(const DelegationStatus& status, const CheckOutcome& outcome, std::uint64_t now,
             const StateRules& rules);

/// Applies one check made at `now`; returns the transition when the state moved.
std::optional<Transition> apply_check(DelegationStatus& status, const CheckOutcome& outcome,
                                      std::uint64_t now, const StateRules& rules);

} // namespace dcvd::checker
