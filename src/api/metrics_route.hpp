// api/metrics_route.hpp: GET /metrics (Prometheus text): the API's responses by route and
// status, then whatever the collectors `serve` wired add (DNS, store, process).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>
#include <tuple>

#include "api_context.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::api {

/// Responses counted by (route method, route pattern, status): a bounded set, since routes are
/// the table's and statuses ours. Counted on the API's loop thread, read by scrapes there; the
/// mutex keeps it safe from any thread.
class ResponseCounts {
public:
    /// `response.route_method`/`route` must be static strings (the route table's) or empty.
    void add(const HttpResponse& response) noexcept;
    /// dcvd_api_responses_total{method,route,status}; "none" for responses no route gave.
    void write(metrics::Text& text) const;

private:
    using Key = std::tuple<std::string_view, std::string_view, int>;
    mutable std::mutex mutex_; ///< guards counts_
    std::map<Key, std::uint64_t> counts_;
};

/// The /metrics handler.
void get_metrics(const ApiContext& context, Call& call);

} // namespace dcvd::api
