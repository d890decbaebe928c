// checker/delegation_state.cpp: evidence → wanted state → confirmed move.
#include "delegation_state.hpp"

#include <algorithm>
#include <cstdint>

namespace dcvd::checker {

std::string clip_evidence(std::string_view evidence) {
    if (evidence.size() <= store::max_evidence_size) {
        return std::string(evidence);
    }
    constexpr std::string_view more = " ...";
    std::size_t cut = store::max_evidence_size - more.size();
    while (cut > 0 && (static_cast<unsigned char>(evidence[cut]) & 0xC0U) == 0x80U) {
        --cut; // not inside a UTF-8 sequence
    }
    return std::string(evidence.substr(0, cut)) + std::string(more);
}

std::optional<std::pair<DelegationState, StaleReason>> wanted_state(const DelegationStatus& status,
                                                                    const CheckOutcome& outcome,
                                                                    std::uint64_t now,
                                                                    const StateRules& rules) {
    using enum DelegationState;
    if (outcome.challenge == ChallengeVerdict::Unknown || outcome.host == HostVerdict::Unknown) {
        return std::nullopt;
    }
    switch (outcome.challenge) {
    case ChallengeVerdict::Delegated: {
        if (outcome.host == HostVerdict::AtEdge) {
            return std::pair{Active, StaleReason::None};
        }
        if (status.edge_seen) {
            return std::pair{Stale, StaleReason::HostMoved};
        }
        const auto window = static_cast<std::uint64_t>(rules.onboarding_window.count());
        if (now >= status.registered_at + window) {
            return std::pair{Stale, StaleReason::NeverPointed};
        }
        return std::pair{Delegated, StaleReason::None};
    }
    case ChallengeVerdict::Elsewhere:
        return std::pair{Misdelegated, StaleReason::None};
    default: // Txt or Absent: our CNAME is not there
        if (status.cname_seen) {
            return std::pair{Stale, StaleReason::CnameRemoved};
        }
        return std::pair{Pending, StaleReason::None};
    }
}

std::optional<Transition> apply_check(DelegationStatus& status, const CheckOutcome& outcome,
                                      std::uint64_t now, const StateRules& rules) {
    const auto wanted = wanted_state(status, outcome, now, rules);
    if (!wanted) {
        return std::nullopt; // no evidence: the run of agreeing checks is neither longer nor over
    }
    const auto [state, reason] = *wanted;
    if (state == status.state && reason == status.reason) {
        status.candidate.reset();
        return std::nullopt;
    }
    auto& candidate = status.candidate;
    if (!candidate || candidate->state != state || candidate->reason != reason) {
        candidate = DelegationStatus::Candidate{state, reason, 0, now};
    }
    if (candidate->checks < UINT8_MAX) {
        ++candidate->checks;
    }
    const auto spread = static_cast<std::uint64_t>(rules.min_interval.count());
    if (candidate->checks < rules.confirmations || now < candidate->first_at + spread) {
        return std::nullopt;
    }
    Transition moved{status.state, state, reason, now, clip_evidence(outcome.evidence)};
    status.state = state;
    status.reason = reason;
    status.since = now;
    status.candidate.reset();
    status.cname_seen = status.cname_seen || state == DelegationState::Delegated ||
                        state == DelegationState::Active;
    status.edge_seen = status.edge_seen || state == DelegationState::Active;
    status.transitions.push_back(moved);
    const std::size_t kept = std::min(rules.kept_transitions, store::max_kept_transitions);
    if (status.transitions.size() > kept) {
        status.transitions.erase(status.transitions.begin(),
                                 status.transitions.end() - static_cast<std::ptrdiff_t>(kept));
    }
    return moved;
}

} // namespace dcvd::checker
