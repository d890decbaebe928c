// unit/api/http_response_test.cpp: responses read back by http-parser (as a client would) and
// error bodies read back by nlohmann::json; the error-to-status map.
#include <catch2/catch.hpp>

#include <http_parser.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "http_response.hpp"

namespace dcvd::api {
namespace {

/// A response as http-parser reads it.
struct Parsed {
    int status = 0;
    std::map<std::string, std::string> headers; // names as sent
    std::string body;
    bool keep_alive = false;
    bool complete = false;
    std::string field;
};

Parsed parse_response(const std::string& wire) {
    Parsed out;
    http_parser parser{};
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &out;
    http_parser_settings settings{};
    http_parser_settings_init(&settings);
    settings.on_header_field = [](http_parser* p, const char* at, std::size_t n) {
        static_cast<Parsed*>(p->data)->field.assign(at, n);
        return 0;
    };
    settings.on_header_value = [](http_parser* p, const char* at, std::size_t n) {
        auto* parsed = static_cast<Parsed*>(p->data);
        parsed->headers[parsed->field].assign(at, n);
        return 0;
    };
    settings.on_body = [](http_parser* p, const char* at, std::size_t n) {
        static_cast<Parsed*>(p->data)->body.append(at, n);
        return 0;
    };
    settings.on_message_complete = [](http_parser* p) {
        auto* parsed = static_cast<Parsed*>(p->data);
        parsed->complete = true;
        parsed->status = static_cast<int>(p->status_code);
        parsed->keep_alive = http_should_keep_alive(p) != 0;
        return 0;
    };
    const std::size_t used = http_parser_execute(&parser, &settings, wire.data(), wire.size());
    REQUIRE(used == wire.size());
    REQUIRE(HTTP_PARSER_ERRNO(&parser) == HPE_OK);
    return out;
}

} // namespace

TEST_CASE("a response reads back whole: status, type, length, no-store, body (RFC 9112 §6.2)",
          "[api][http]") {
    HttpResponse response;
    response.status = 201;
    response.body = R"({"host":"www.example.com"})";
    response.headers.emplace_back("Location", "/v1/delegations/www.example.com");
    const Parsed parsed = parse_response(to_wire(response, true));
    CHECK(parsed.complete);
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
    const Parsed parsed = parse_response(to_wire(response, false));
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
