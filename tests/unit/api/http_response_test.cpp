// unit/api/http_response_test.cpp: responses read back with http-parser (as a client would) and
// error bodies read back by nlohmann::json; the error-to-status map.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "http_response.hpp"
#include "support/http_test_client.hpp"

namespace dcvd::api {
namespace {

/// `wire` holds exactly one whole response.
test::ParsedResponse read_back(const std::string& wire) {
    std::size_t consumed = 0;
    auto parsed = test::parse_response(wire, consumed);
    REQUIRE(parsed);
    CHECK(consumed == wire.size());
    return *parsed;
}

} // namespace

TEST_CASE("a response reads back whole: status, type, length, no-store, body (RFC 9112 §6.2)",
          "[api][http]") {
    HttpResponse response;
    response.status = 201;
    response.body = R"({"host":"www.example.com"})";
    response.headers.emplace_back("Location", "/v1/delegations/www.example.com");
    const auto parsed = read_back(to_wire(response, true));
    CHECK(parsed.status == 201);
    CHECK(parsed.headers.at("Content-Type") == "application/json");
    CHECK(parsed.headers.at("Content-Length") == "26");
    CHECK(parsed.headers.at("Cache-Control") == "no-store");
    CHECK(parsed.headers.at("Location") == "/v1/delegations/www.example.com");
    CHECK(parsed.body == response.body);
    CHECK(parsed.keep_alive);
    CHECK(to_wire(response, true).rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
}

TEST_CASE("a response on a closing connection says Connection: close (RFC 9112 §9.6)",
          "[api][http]") {
    HttpResponse response;
    response.status = 204;
    response.content_type = "text/plain";
    const auto parsed = read_back(to_wire(response, false));
    CHECK(parsed.headers.at("Connection") == "close");
    CHECK_FALSE(parsed.keep_alive);
}

TEST_CASE("error bodies are one line of {\"error\": {\"code\", \"message\"}} (DESIGN.md §5)",
          "[api][http]") {
    const HttpResponse response = error_response(409, "limit", "at most 8 values per host");
    CHECK(response.status == 409);
    CHECK(response.body.find('\n') == std::string::npos); // acme.sh reads replies with sed
    const auto body = nlohmann::json::parse(response.body);
    CHECK(body.at("error").at("code") == "limit");
    CHECK(body.at("error").at("message") == "at most 8 values per host");
    // Invalid UTF-8 quoted from a request is replaced, not thrown on.
    const auto quoted = error_response(400, "invalid", "bad host '\xff\xfe'");
    CHECK(nlohmann::json::parse(quoted.body)
              .at("error")
              .at("message")
              .get<std::string>()
              .find("bad host") == 0);
}

TEST_CASE("control-plane errors map to their statuses", "[api][http]") {
    CHECK(status_of(base::ErrorCode::Invalid) == 400);
    CHECK(status_of(base::ErrorCode::NotFound) == 404);
    CHECK(status_of(base::ErrorCode::Conflict) == 409);
    CHECK(status_of(base::ErrorCode::Full) == 507);
    CHECK(status_of(base::ErrorCode::Unavailable) == 503);
    CHECK(status_of(base::ErrorCode::Internal) == 500);
    const auto full = error_response(base::Error{base::ErrorCode::Full, "the store is full"});
    CHECK(full.status == 507);
    CHECK(nlohmann::json::parse(full.body).at("error").at("code") == "storage_full");
    CHECK(reason_phrase(507) == "Insufficient Storage");
}

TEST_CASE("unreadable requests get 400, 413 or 431 with a code to match", "[api][http]") {
    const auto code_of = [](int status) {
        const auto response = error_response(HttpParseError{status, "why"});
        CHECK(response.status == status);
        return nlohmann::json::parse(response.body).at("error").at("code").get<std::string>();
    };
    CHECK(code_of(400) == "bad_request");
    CHECK(code_of(413) == "body_too_large");
    CHECK(code_of(431) == "headers_too_large");
}

} // namespace dcvd::api
