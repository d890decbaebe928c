// checker/webhook_metrics.cpp: naming the webhook sender's counters.
#include "dcvd/checker/webhook_metrics.hpp"

namespace dcvd::checker {

void write_metrics(const WebhookStats& stats, metrics::Text& text) {
    text.counter("dcvd_checker_webhook_attempts_total",
                 "Webhook POSTs started, first attempts and retries.", stats.attempts);
    text.counter("dcvd_checker_webhook_failed_attempts_total",
                 "Webhook POSTs answered other than 2xx, timed out, or not connected.",
                 stats.failed_attempts);
    text.counter("dcvd_checker_webhook_delivered_total",
                 "Webhook deliveries answered 2xx (each counted once, however many attempts).",
                 stats.delivered);
    text.counter("dcvd_checker_webhook_dropped_total",
                 "Webhook deliveries dropped because their url is no longer configured.",
                 stats.dropped);
    text.gauge("dcvd_checker_webhook_queued_deliveries",
               "Webhook deliveries taken and not yet delivered: waiting, being sent, or backing "
               "off.",
               static_cast<double>(stats.queued));
}

} // namespace dcvd::checker
