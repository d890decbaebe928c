// checker/checker_metrics.cpp: naming the checker's counters.
#include "dcvd/checker/checker_metrics.hpp"

namespace dcvd::checker {

void write_metrics(const CheckerStats& stats, metrics::Text& text) {
    text.counter("dcvd_checker_checks_total",
                 "Delegation checks recorded (scheduled and asked for).", stats.checks);
    text.family("dcvd_checker_transitions_total", metrics::Type::Counter,
                "Confirmed delegation state transitions, by the state moved to.");
    for (const auto state : store::all_delegation_states) {
        text.sample("dcvd_checker_transitions_total", {{"to", store::to_text(state)}},
                    stats.moves_to[static_cast<std::size_t>(state)]);
    }
}

} // namespace dcvd::checker
