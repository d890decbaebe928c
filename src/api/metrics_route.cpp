// api/metrics_route.cpp: the scrape: counts copied out under the lock, then formatted.
#include "metrics_route.hpp"

#include <string>
#include <vector>

#include "dcvd/base/log.hpp"

namespace dcvd::api {

void ResponseCounts::add(const HttpResponse& response) noexcept {
    const std::string_view method = response.route.empty() ? "none" : response.route_method;
    const std::string_view route = response.route.empty() ? "none" : response.route;
    try {
        const std::lock_guard lock(mutex_);
        ++counts_[Key{method, route, response.status}];
    } catch (...) {
        // Out of memory for a new entry: the response goes uncounted rather than unanswered.
    }
}

void ResponseCounts::write(metrics::Text& text) const {
    std::vector<std::pair<Key, std::uint64_t>> counts;
    {
        const std::lock_guard lock(mutex_);
        counts.assign(counts_.begin(), counts_.end());
    }
    text.family("dcvd_api_responses_total", metrics::Type::Counter,
                "HTTP API responses by route pattern and status; route \"none\" for requests no "
                "route took (404, 405, malformed targets) and answers of the server itself "
                "(400, 408, 413, 431, 503).");
    for (const auto& [key, count] : counts) {
        const auto& [method, route, status] = key;
        const std::string status_text = std::to_string(status);
        text.sample("dcvd_api_responses_total",
                    {{"method", method}, {"route", route}, {"status", status_text}}, count);
    }
}

void get_metrics(const ApiContext& context, Call& call) {
    metrics::Text text;
    context.responses->write(text);
    for (const auto& collect : context.options.metrics_collectors) {
        collect(text);
    }
    HttpResponse response;
    response.body = text.take();
    response.content_type = metrics::content_type;
    call.reply.send(std::move(response));
}

} // namespace dcvd::api
