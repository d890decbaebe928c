// api/service.cpp: the route table, and each request's way through it: path, route, token, then
// the handler.
#include "dcvd/api/service.hpp"

#include <array>
#include <exception>

#include <fmt/format.h>

#include "acme_dns_routes.hpp"
#include "api_context.hpp"
#include "auth.hpp"
#include "dcvd/base/log.hpp"
#include "delegation_routes.hpp"
#include "http_response.hpp"
#include "lego_routes.hpp"
#include "metrics_route.hpp"
#include "router.hpp"

namespace dcvd::api {
namespace {

void answer_status(Call& call, std::string_view status) {
    call.reply.send(json_response(200, {{"status", status}}));
}

// /readyz is ready once `serve` runs the API: the store is open, the zone loaded and the DNS
// workers listening before the API starts.
constexpr std::array routes{
    Route{"GET", "/healthz", Access::Open,
          [](const ApiContext&, Call& call) { answer_status(call, "ok"); }},
    Route{"GET", "/readyz", Access::Open,
          [](const ApiContext&, Call& call) { answer_status(call, "ready"); }},
    Route{"GET", "/v1/delegations", Access::Read, &list_delegations},
    Route{"PUT", "/v1/delegations/{}", Access::Write, &put_delegation},
    Route{"GET", "/v1/delegations/{}", Access::Read, &get_delegation},
    Route{"DELETE", "/v1/delegations/{}", Access::Write, &delete_delegation},
    Route{"POST", "/v1/delegations/{}/check", Access::Write, &check_delegation},
    Route{"POST", "/v1/delegations/{}/txt", Access::Write, &add_value},
    Route{"DELETE", "/v1/delegations/{}/txt", Access::Write, &remove_values},
    Route{"DELETE", "/v1/delegations/{}/txt/{}", Access::Write, &remove_value},
    Route{"POST", "/present", Access::Write, &lego_present},
    Route{"POST", "/cleanup", Access::Write, &lego_cleanup},
    Route{"POST", "/register", Access::Write, &acme_dns_register},
    Route{"POST", "/update", Access::AcmeDns, &acme_dns_update},
    Route{"GET", "/health", Access::Open, &acme_dns_health},
    Route{"GET", "/metrics", Access::Open, &get_metrics},
};

HttpResponse no_route(std::string_view path) {
    return error_response(404, "not_found",
                          fmt::format("no such route: {} (the routes are in docs/API.md; the "
                                      "native ones start with /v1/delegations)",
                                      path.substr(0, 256)));
}

} // namespace

Service::Service(store::Env& env, store::Writer& writer, ServiceOptions options)
    : context_(
          std::make_unique<Context>(Context{env, writer, std::move(options), base::logger("api"),
                                            std::make_unique<ResponseCounts>()})) {
    context_->options.apex = context_->options.apex.lowered();
}

Service::~Service() = default;

void Service::handle(const HttpRequest& request, HttpReply reply) const noexcept {
    const auto [path, query_text] = split_target(request.target);
    auto segments = path_segments(path);
    auto query = parse_form(query_text);
    if (!segments || !query) {
        reply.send(error_response(400, "bad_request",
                                  "the request target has a malformed %-escape (RFC 3986 §2.1)"));
        return;
    }
    auto matched = match_route(routes, request.method, *segments);
    if (std::holds_alternative<NoRoute>(matched)) {
        reply.send(no_route(path));
        return;
    }
    if (auto* wrong = std::get_if<WrongMethod>(&matched)) {
        auto response = error_response(405, "method_not_allowed",
                                       fmt::format("{} takes {}, not {}", path.substr(0, 256),
                                                   wrong->allowed, request.method.substr(0, 16)));
        response.headers.emplace_back("Allow", wrong->allowed);
        reply.send(std::move(response));
        return;
    }
    auto& match = std::get<RouteMatch>(matched);
    reply.set_route(match.route->method, match.route->pattern);
    Call call{request, std::move(match.params), std::move(*query), std::nullopt, std::move(reply)};
    try {
        const Access access = match.route->access;
        if (access != Access::Open && access != Access::AcmeDns) {
            auto caller = authenticate(*context_, request, access);
            if (auto* refusal = std::get_if<HttpResponse>(&caller)) {
                call.reply.send(std::move(*refusal));
                return;
            }
            call.token = std::move(std::get<store::TokenRecord>(caller));
        }
        match.route->handle(*context_, call);
    } catch (const std::exception& e) {
        // The reply, unsent, answers 500 as it goes; the log says why.
        context_->log->error("request failed method={} path={} reason=\"{}\"", request.method,
                             path.substr(0, 256), e.what());
    }
}

ResponseObserver Service::response_observer() const {
    return [this](const HttpResponse& response) { context_->responses->add(response); };
}

HttpHandler Service::handler() const {
    return
        [this](const HttpRequest& request, HttpReply reply) { handle(request, std::move(reply)); };
}

} // namespace dcvd::api
