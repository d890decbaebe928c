// checker/webhook_metrics.hpp: the webhook sender's counters as Prometheus series
// (dcvd_checker_webhook_*).
#pragma once

#include "dcvd/checker/webhook_sender.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::checker {

/// Writes the counters dcvd_checker_webhook_attempts_total, _failed_attempts_total,
/// _delivered_total and _dropped_total, and the gauge dcvd_checker_webhook_queued_deliveries.
void write_metrics(const WebhookStats& stats, metrics::Text& text);

} // namespace dcvd::checker
