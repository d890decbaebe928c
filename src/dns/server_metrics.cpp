// dns/server_metrics.cpp: naming the workers' counters. The label sets are fixed: two
// transports, ten qtype buckets, the RCODEs we send (others only once seen, by number).
#include "dcvd/dns/server_metrics.hpp"

#include <array>
#include <string>

namespace dcvd::dns {
namespace {

// The RCODEs the answer logic sends (RFC 1035 §4.1.1, RFC 6891 §6.1.3 for BADVERS = 16),
// written even at zero so that rate() sees them from the first scrape.
struct NamedRcode {
    std::size_t rcode;
    std::string_view name;
};
constexpr std::array sent_rcodes{
    NamedRcode{0, "NOERROR"},  NamedRcode{1, "FORMERR"}, NamedRcode{2, "SERVFAIL"},
    NamedRcode{3, "NXDOMAIN"}, NamedRcode{4, "NOTIMP"},  NamedRcode{5, "REFUSED"},
    NamedRcode{16, "BADVERS"},
};

} // namespace

std::string_view to_text(QtypeBucket bucket) noexcept {
    constexpr std::array<std::string_view, qtype_bucket_count> names{
        "A", "AAAA", "TXT", "SOA", "NS", "CNAME", "ANY", "AXFR", "IXFR", "other"};
    return names[static_cast<std::size_t>(bucket)];
}

void write_metrics(const ServerStats& stats, metrics::Text& text) {
    using metrics::Type;
    text.family("dcvd_dns_queries_total", Type::Counter,
                "DNS queries received, answered or dropped, by transport.");
    text.sample("dcvd_dns_queries_total", {{"transport", "udp"}}, stats.udp_queries);
    text.sample("dcvd_dns_queries_total", {{"transport", "tcp"}}, stats.tcp_queries);

    text.family("dcvd_dns_queries_by_qtype_total", Type::Counter,
                "DNS queries answered, by query type (types not listed count as other).");
    for (std::size_t bucket = 0; bucket < qtype_bucket_count; ++bucket) {
        text.sample("dcvd_dns_queries_by_qtype_total",
                    {{"qtype", to_text(static_cast<QtypeBucket>(bucket))}}, stats.by_qtype[bucket]);
    }

    text.family("dcvd_dns_responses_total", Type::Counter, "DNS responses sent, by RCODE.");
    std::array<bool, std::tuple_size_v<decltype(ServerStats::by_rcode)>> named{};
    for (const NamedRcode& rcode : sent_rcodes) {
        named[rcode.rcode] = true;
        text.sample("dcvd_dns_responses_total", {{"rcode", rcode.name}},
                    stats.by_rcode[rcode.rcode]);
    }
    for (std::size_t rcode = 0; rcode < stats.by_rcode.size(); ++rcode) {
        if (!named[rcode] && stats.by_rcode[rcode] != 0) {
            const std::string number = std::to_string(rcode);
            text.sample("dcvd_dns_responses_total", {{"rcode", number}}, stats.by_rcode[rcode]);
        }
    }

    text.counter("dcvd_dns_truncated_responses_total",
                 "DNS responses sent with TC=1 (too large for the client's UDP payload).",
                 stats.truncated);
    text.counter("dcvd_dns_dropped_queries_total",
                 "DNS queries that got no response: QR=1 or unparsable, oversized datagrams, "
                 "responses the UDP socket had no room for.",
                 stats.dropped);
    text.counter("dcvd_dns_tcp_rejected_connections_total",
                 "TCP connections closed at accept: over tcp_max_connections.", stats.tcp_rejected);
}

} // namespace dcvd::dns
