// dns/worker_counters.hpp: one worker's counters. Written only by the worker thread with relaxed
// load + store (a plain add, no locked instruction on the hot path); read by stats() anywhere.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <tuple>

#include "dcvd/dns/answer.hpp"
#include "dcvd/dns/server.hpp"

namespace dcvd::dns {

/// A counter with a single writer thread and any number of readers.
class Counter {
public:
    void add(std::uint64_t n = 1) noexcept {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    [[nodiscard]] std::uint64_t get() const noexcept {
        return value_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::uint64_t> value_{0};
};

/// Aligned to a cache line so that workers' counters never share one.
struct alignas(64) WorkerCounters {
    Counter udp_queries;
    Counter tcp_queries;
    Counter dropped;
    Counter truncated;
    Counter tcp_rejected;
    std::array<Counter, std::tuple_size_v<decltype(ServerStats::by_rcode)>> by_rcode;
    std::array<Counter, qtype_bucket_count> by_qtype;

    /// Counts a query of `transport` that gets no response.
    void count_dropped(Transport transport) noexcept {
        (transport == Transport::Udp ? udp_queries : tcp_queries).add();
        dropped.add();
    }
    /// Adds this worker's counts to `stats`.
    void add_to(ServerStats& stats) const noexcept;
};

} // namespace dcvd::dns
