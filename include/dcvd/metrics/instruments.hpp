// metrics/instruments.hpp: a counter and a histogram that any thread may update and read (relaxed
// atomics: no lock). For the control plane; the DNS workers keep single-writer counters of their
// own (dns/worker_counters.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace dcvd::metrics {

class Text;

class Counter {
public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    [[nodiscard]] std::uint64_t get() const noexcept {
        return value_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<std::uint64_t> value_{0};
};

/// Observations counted in buckets fixed at construction. A scrape taken during observe() may
/// see a bucket count without its sum yet: each series is exact by itself.
class Histogram {
public:
    /// `bounds`: upper bounds, ascending; an overflow bucket (+Inf) follows the last.
    explicit Histogram(std::vector<double> bounds);

    void observe(double value) noexcept;
    /// Writes the histogram family `name` (see Text::histogram).
    void write(Text& text, std::string_view name, std::string_view help) const;

    [[nodiscard]] std::span<const double> bounds() const noexcept { return bounds_; }

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_; ///< bounds_.size() + 1
    std::atomic<double> sum_{0.0};
};

/// Bucket bounds in seconds for latencies from half a millisecond to a second: an LMDB commit
/// (one fsync) takes about a millisecond on an SSD, a slow disk tens.
[[nodiscard]] std::vector<double> latency_buckets_seconds();

} // namespace dcvd::metrics
