// checker/schedule.hpp: when a delegation is checked next (docs/DELEGATIONS.md): pending and
// misdelegated ones from pending_interval doubling up to pending_max_interval, delegated and
// active every settled_interval, stale every stale_interval; a move not yet confirmed sooner,
// so that its run of checks spans about min_interval. Pure: the jitter's randomness is given.
#pragma once

#include <chrono>

#include "dcvd/checker/options.hpp"
#include "dcvd/store/delegation_status.hpp"

namespace dcvd::checker {

/// The interval before the next check of `status` (as the last check left it; `moved`: that
/// check confirmed a move), before jitter. status.interval is the one used last time.
[[nodiscard]] std::chrono::seconds base_interval(const store::DelegationStatus& status, bool moved,
                                                 const CheckerOptions& options);

/// `interval` stretched by `unit` (in [0, 1)) × jitter_percent %, so that delegations registered
/// together drift apart.
[[nodiscard]] std::chrono::seconds jittered(std::chrono::seconds interval, double unit,
                                            const CheckerOptions& options);

} // namespace dcvd::checker
