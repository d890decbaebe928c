// metrics/instruments.cpp: histogram buckets.
#include "dcvd/metrics/instruments.hpp"

#include <algorithm>
#include <cassert>

#include "dcvd/metrics/text.hpp"

namespace dcvd::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
    assert(std::ranges::is_sorted(bounds_));
}

void Histogram::observe(double value) noexcept {
    // le is inclusive: a value equal to a bound falls in that bound's bucket.
    const auto bucket = std::ranges::lower_bound(bounds_, value) - bounds_.begin();
    counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

void Histogram::write(Text& text, std::string_view name, std::string_view help) const {
    std::vector<std::uint64_t> counts(bounds_.size() + 1);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        counts[i] = counts_[i].load(std::memory_order_relaxed);
    }
    text.histogram(name, help, bounds_, counts, sum_.load(std::memory_order_relaxed));
}

std::vector<double> latency_buckets_seconds() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
}

} // namespace dcvd::metrics
