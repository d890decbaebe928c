// cli/serve_metrics.cpp: the store's series and the list of collectors `serve` gives the API.
#include "serve_metrics.hpp"

#include <string>

#include "dcvd/base/log.hpp"
#include "dcvd/dns/server_metrics.hpp"
#include "dcvd/metrics/process.hpp"
#include "dcvd/store/stats.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/version.hpp"

namespace dcvd::cli {

StoreMetrics::StoreMetrics(store::Env& env)
    : env_(env), commit_seconds_(metrics::latency_buckets_seconds()) {}

store::CommitListener StoreMetrics::listener() {
    return [this](std::uint32_t, std::size_t ops, std::chrono::nanoseconds took) {
        commits_.add();
        operations_.add(ops);
        commit_seconds_.observe(std::chrono::duration<double>(took).count());
    };
}

void StoreMetrics::write(metrics::Text& text) const {
    text.counter("dcvd_store_commits_total",
                 "Durable write transactions that changed data (group commits and imports).",
                 commits_.get());
    text.counter("dcvd_store_committed_operations_total",
                 "Write operations carried by those commits.", operations_.get());
    commit_seconds_.write(text, "dcvd_store_commit_duration_seconds",
                          "Time from a write transaction's begin to its durable commit.");
    const auto log = base::logger("serve");
    if (const auto usage = store::map_usage(env_)) {
        text.gauge("dcvd_store_map_used_bytes", "LMDB map in use: pages used times page size.",
                   static_cast<double>(usage->used_bytes));
        text.gauge("dcvd_store_map_size_bytes", "LMDB map size: the most the store can hold.",
                   static_cast<double>(usage->map_bytes));
    } else {
        log->warn("metrics: map usage unavailable reason=\"{}\"", usage.error().message);
    }
    const auto counts = store::delegation_counts(env_);
    if (!counts) {
        log->warn("metrics: delegation counts unavailable reason=\"{}\"", counts.error().message);
        return;
    }
    text.family("dcvd_store_delegations", metrics::Type::Gauge, "Registered delegations by state.");
    for (const auto state : store::all_delegation_states) {
        text.sample("dcvd_store_delegations", {{"state", store::to_text(state)}},
                    counts->of(state));
    }
    text.gauge("dcvd_store_challenge_values",
               "Challenge values stored (expired ones until the next purge).",
               static_cast<double>(counts->values));
}

std::vector<std::function<void(metrics::Text&)>> serve_collectors(const dns::Server& server,
                                                                  const StoreMetrics& store) {
    return {
        [&server](metrics::Text& text) { dns::write_metrics(server.stats(), text); },
        [&store](metrics::Text& text) { store.write(text); },
        [](metrics::Text& text) {
            metrics::write_process(text);
            metrics::write_build_info(text, version);
        },
    };
}

} // namespace dcvd::cli
