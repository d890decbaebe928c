// dns/worker_counters.cpp: summing workers' counters into ServerStats.
#include "worker_counters.hpp"

namespace dcvd::dns {

void WorkerCounters::add_to(ServerStats& stats) const noexcept {
    stats.udp_queries += udp_queries.get();
    stats.tcp_queries += tcp_queries.get();
    stats.dropped += dropped.get();
    stats.truncated += truncated.get();
    stats.tcp_rejected += tcp_rejected.get();
    for (std::size_t rcode = 0; rcode < by_rcode.size(); ++rcode) {
        stats.by_rcode[rcode] += by_rcode[rcode].get();
    }
    for (std::size_t bucket = 0; bucket < by_qtype.size(); ++bucket) {
        stats.by_qtype[bucket] += by_qtype[bucket].get();
    }
}

} // namespace dcvd::dns
