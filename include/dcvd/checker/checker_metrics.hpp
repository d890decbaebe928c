// checker/checker_metrics.hpp: the checker's counters as Prometheus series (dcvd_checker_*).
#pragma once

#include "dcvd/checker/checker.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::checker {

/// Writes dcvd_checker_checks_total and dcvd_checker_transitions_total{to="<state>"}.
void write_metrics(const CheckerStats& stats, metrics::Text& text);

} // namespace dcvd::checker
