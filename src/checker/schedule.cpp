// checker/schedule.cpp: the intervals between checks.
#include "schedule.hpp"

#include <algorithm>

namespace dcvd::checker {

std::chrono::seconds base_interval(const store::DelegationStatus& status, bool moved,
                                   const CheckerOptions& options) {
    using std::chrono::seconds;
    if (status.candidate) {
        const auto steps = std::max(1U, options.confirmations - 1);
        return std::max(seconds(1), options.min_interval / steps);
    }
    switch (status.state) {
    case store::DelegationState::Delegated:
    case store::DelegationState::Active:
        return options.settled_interval;
    case store::DelegationState::Stale:
        return options.stale_interval;
    case store::DelegationState::Pending:
    case store::DelegationState::Misdelegated:
        break;
    }
    // Waiting for the customer: often at first, then less and less.
    const seconds last(status.interval);
    if (moved || last < options.pending_interval) {
        return options.pending_interval;
    }
    return std::min(last * 2, options.pending_max_interval);
}

std::chrono::seconds jittered(std::chrono::seconds interval, double unit,
                              const CheckerOptions& options) {
    const double stretch = unit * options.jitter_percent / 100.0;
    return interval + std::chrono::seconds(static_cast<std::int64_t>(
                          static_cast<double>(interval.count()) * std::clamp(stretch, 0.0, 1.0)));
}

} // namespace dcvd::checker
