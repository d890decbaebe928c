// store/delegation_status.hpp: what the checker knows of one delegation (DESIGN.md §6): its state
// and reason, the move the last checks agree on, the last transitions with their evidence, and
// when it is checked next. State and since live in the target record (the counts and the DNS
// answers read them); the rest in the "delegations" database, written together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/store/target_record.hpp"

namespace dcvd::store {

/// Why a delegation is stale (None for every other state).
enum class StaleReason : std::uint8_t {
    None = 0,
    HostMoved = 1,
    NeverPointed = 2,
    CnameRemoved = 3
};

/// "host_moved", "never_pointed", "cname_removed"; "" for None.
[[nodiscard]] std::string_view to_text(StaleReason reason) noexcept;
[[nodiscard]] std::optional<StaleReason> stale_reason_from_text(std::string_view text) noexcept;

inline constexpr std::size_t max_evidence_size = 1024; ///< octets of one evidence line
inline constexpr std::size_t max_kept_transitions = 64;

struct Transition {
    DelegationState from = DelegationState::Pending;
    DelegationState to = DelegationState::Pending;
    StaleReason reason = StaleReason::None;
    std::uint64_t at = 0; ///< Unix seconds
    std::string evidence; ///< what the check that confirmed it saw

    friend bool operator==(const Transition&, const Transition&) = default;
};

struct DelegationStatus {
    // Kept in the target record.
    DelegationState state = DelegationState::Pending;
    std::uint64_t registered_at = 0; ///< the record's `created`; the onboarding window starts here
    std::uint64_t since = 0;         ///< when the current state began

    // Kept in the "delegations" database.
    StaleReason reason = StaleReason::None;
    bool cname_seen = false; ///< our CNAME was confirmed once (delegated or beyond)
    bool edge_seen = false;  ///< the host was confirmed at the edge once (active)
    /// The move the last checks agree on, not yet confirmed.
    struct Candidate {
        DelegationState state = DelegationState::Pending;
        StaleReason reason = StaleReason::None;
        std::uint8_t checks = 0;
        std::uint64_t first_at = 0;
        friend bool operator==(const Candidate&, const Candidate&) = default;
    };
    std::optional<Candidate> candidate;
    std::uint64_t last_check = 0;        ///< Unix seconds; 0: never checked
    std::uint64_t next_check = 0;        ///< Unix seconds; the schedule index holds the same time
    std::uint32_t interval = 0;          ///< seconds the last check waited for the next (backoff)
    std::string evidence;                ///< what the last check saw (the audit's "now")
    std::vector<Transition> transitions; ///< oldest first

    friend bool operator==(const DelegationStatus&, const DelegationStatus&) = default;
};

/// A delegation as the checker and the audit read it.
struct Delegation {
    std::vector<std::uint8_t> key; ///< the target key (relative canonical)
    std::string host;
    DelegationStatus status;
};

} // namespace dcvd::store
