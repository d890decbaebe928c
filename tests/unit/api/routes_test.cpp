// unit/api/routes_test.cpp: the probes, and JSON 404/405 for what no route takes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "dcvd/api/routes.hpp"

namespace dcvd::api {
namespace {

HttpResponse ask(std::string method, std::string target) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    return route(request);
}

std::string error_code(const HttpResponse& response) {
    return nlohmann::json::parse(response.body).at("error").at("code").get<std::string>();
}

} // namespace

TEST_CASE("GET /healthz and GET /readyz answer 200 with a status (DESIGN.md §5)", "[api][routes]") {
    const auto health = ask("GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(nlohmann::json::parse(health.body).at("status") == "ok");
    const auto ready = ask("GET", "/readyz?verbose=1"); // the query is not part of the path
    CHECK(ready.status == 200);
    CHECK(nlohmann::json::parse(ready.body).at("status") == "ready");
}

TEST_CASE("a known path with another method is 405 with Allow (RFC 9110 §15.5.6)",
          "[api][routes]") {
    const auto response = ask("POST", "/healthz");
    CHECK(response.status == 405);
    CHECK(error_code(response) == "method_not_allowed");
    REQUIRE(response.headers.size() == 1);
    CHECK(response.headers[0] == std::pair<std::string, std::string>{"Allow", "GET"});
}

TEST_CASE("an unknown path is a JSON 404 naming it", "[api][routes]") {
    const auto response = ask("GET", "/v2/nothing?x=1");
    CHECK(response.status == 404);
    CHECK(error_code(response) == "not_found");
    CHECK(response.body.find("/v2/nothing") != std::string::npos);
}

} // namespace dcvd::api
