// api/routes.cpp: the route table: path, allowed methods, handler.
#include "dcvd/api/routes.hpp"

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http_response.hpp"

namespace dcvd::api {
namespace {

HttpResponse status_body(std::string_view status) {
    HttpResponse response;
    response.body = nlohmann::json{{"status", status}}.dump();
    return response;
}

struct Route {
    std::string_view path;
    std::string_view method;
    HttpResponse (*handle)(const HttpRequest&);
};

// /readyz is ready once `serve` runs the API: the store is open, the zone loaded and the DNS
// workers listening before the API starts.
constexpr std::array routes{
    Route{"/healthz", "GET", [](const HttpRequest&) { return status_body("ok"); }},
    Route{"/readyz", "GET", [](const HttpRequest&) { return status_body("ready"); }},
};

/// The path without its query (RFC 3986 §3.4).
std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

} // namespace

HttpResponse route(const HttpRequest& request) {
    const std::string_view path = path_of(request.target);
    const Route* known = nullptr;
    for (const Route& candidate : routes) {
        if (candidate.path == path) {
            if (candidate.method == request.method) {
                return candidate.handle(request);
            }
            known = &candidate;
        }
    }
    if (known != nullptr) {
        auto response = error_response(405, "method_not_allowed",
                                       std::string(path) + " takes " + std::string(known->method));
        response.headers.emplace_back("Allow", std::string(known->method));
        return response;
    }
    return error_response(404, "not_found",
                          "no such route: " + std::string(path) +
                              " (the probes are GET /healthz and GET /readyz)");
}

} // namespace dcvd::api
