// cli/serve_metrics.hpp: what `serve` adds to GET /metrics: the DNS workers' counters, the
// store's series (commits from the writer's listener; map use and delegation counts read per
// scrape), the process and build info.
#pragma once

#include <functional>
#include <vector>

#include "dcvd/dns/server.hpp"
#include "dcvd/metrics/instruments.hpp"
#include "dcvd/metrics/text.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/writer.hpp"

namespace dcvd::cli {

/// The store's series. Commits are counted on the writer thread, read by scrapes on the API's.
class StoreMetrics {
public:
    explicit StoreMetrics(store::Env& env);

    /// For the Writer; this object must outlive it.
    [[nodiscard]] store::CommitListener listener();
    void write(metrics::Text& text) const;

private:
    store::Env& env_;
    metrics::Counter commits_;
    metrics::Counter operations_;
    metrics::Histogram commit_seconds_;
};

/// The collectors of `serve`'s /metrics, in scrape order; `server` and `store` must outlive
/// the API.
[[nodiscard]] std::vector<std::function<void(metrics::Text&)>>
serve_collectors(const dns::Server& server, const StoreMetrics& store);

} // namespace dcvd::cli
