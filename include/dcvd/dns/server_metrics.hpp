// dns/server_metrics.hpp: the DNS workers' counters as Prometheus series (dcvd_dns_*).
#pragma once

#include "dcvd/dns/server.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::dns {

/// Writes dcvd_dns_queries_total{transport}, dcvd_dns_queries_by_qtype_total{qtype},
/// dcvd_dns_responses_total{rcode}, dcvd_dns_truncated_responses_total,
/// dcvd_dns_dropped_queries_total and dcvd_dns_tcp_rejected_connections_total.
void write_metrics(const ServerStats& stats, metrics::Text& text);

} // namespace dcvd::dns
