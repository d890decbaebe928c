// unit/api/http_request_parser_test.cpp: requests from byte streams (RFC 9112), pipelining,
// split input, and the limits the API answers 413 and 431 for.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http_request_parser.hpp"

namespace dcvd::api {
namespace {

using Status = HttpRequestParser::Status;

/// Every request in `stream`, fed in pieces of `piece` octets; REQUIREs no failure.
std::vector<HttpRequest> requests_in(const std::string& stream, std::size_t piece = 1 << 20) {
    HttpRequestParser parser(HttpLimits{});
    std::vector<HttpRequest> requests;
    std::size_t at = 0;
    while (at < stream.size()) {
        const std::size_t size = std::min(piece, stream.size() - at);
        std::size_t consumed = 0;
        const Status status = parser.feed({stream.data() + at, size}, consumed);
        INFO(parser.error().message);
        REQUIRE(status != Status::Failed);
        at += consumed;
        if (status == Status::Complete) {
            requests.push_back(parser.take());
        }
    }
    return requests;
}

/// The error `stream` fails with, fed whole.
HttpParseError failure_of(const std::string& stream, HttpLimits limits = {}) {
    HttpRequestParser parser(limits);
    std::size_t consumed = 0;
    REQUIRE(parser.feed({stream.data(), stream.size()}, consumed) == Status::Failed);
    std::size_t again = 0;
    CHECK(parser.feed({stream.data(), stream.size()}, again) == Status::Failed);
    return parser.error();
}

} // namespace

TEST_CASE("a GET gives its method, target and lower-cased headers (RFC 9112 §3, §5)",
          "[api][http]") {
    const auto requests = requests_in("GET /v1/delegations?state=stale&limit=10 HTTP/1.1\r\n"
                                      "Host: 127.0.0.1:8053\r\n"
                                      "Authorization: Bearer abc\r\n\r\n");
    REQUIRE(requests.size() == 1);
    const HttpRequest& request = requests[0];
    CHECK(request.method == "GET");
    CHECK(request.target == "/v1/delegations?state=stale&limit=10");
    CHECK(request.header("authorization") == "Bearer abc");
    CHECK(request.header("host") == "127.0.0.1:8053");
    CHECK_FALSE(request.header("content-type"));
    CHECK(request.body.empty());
    CHECK(request.keep_alive);
}

TEST_CASE("a body comes whole, by Content-Length or de-chunked (RFC 9112 §6, §7.1)",
          "[api][http]") {
    const auto sized = requests_in("POST /present HTTP/1.1\r\nContent-Length: 13\r\n\r\n"
                                   "{\"value\":\"v\"}");
    REQUIRE(sized.size() == 1);
    CHECK(sized[0].body == "{\"value\":\"v\"}");
    const auto chunked = requests_in("POST /update HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    REQUIRE(chunked.size() == 1);
    CHECK(chunked[0].body == "hello world");
}

TEST_CASE("pipelined requests come one at a time, in order, from one buffer or octet by octet "
          "(RFC 9112 §9.3.2)",
          "[api][http]") {
    const std::string stream = "PUT /v1/delegations/a.example.com HTTP/1.1\r\nContent-Length: 2"
                               "\r\n\r\n{}GET /healthz HTTP/1.1\r\n\r\n"
                               "DELETE /v1/delegations/a.example.com/txt HTTP/1.1\r\n\r\n";
    for (const std::size_t piece : {std::size_t{1} << 20, std::size_t{1}, std::size_t{7}}) {
        CAPTURE(piece);
        const auto requests = requests_in(stream, piece);
        REQUIRE(requests.size() == 3);
        CHECK(requests[0].method == "PUT");
        CHECK(requests[0].body == "{}");
        CHECK(requests[1].target == "/healthz");
        CHECK(requests[1].body.empty());
        CHECK(requests[2].method == "DELETE");
        CHECK(requests[2].headers.empty());
    }
}

TEST_CASE("Connection: close and HTTP/1.0 without keep-alive end the connection (RFC 9112 §9.3)",
          "[api][http]") {
    CHECK_FALSE(requests_in("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").at(0).keep_alive);
    CHECK_FALSE(requests_in("GET / HTTP/1.0\r\n\r\n").at(0).keep_alive);
    CHECK(requests_in("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").at(0).keep_alive);
}

TEST_CASE("headers past the limit are 431 (RFC 6585 §5)", "[api][http]") {
    const std::string big(17 * 1024, 'x');
    const auto error = failure_of("GET / HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n");
    CHECK(error.status == 431);
    CHECK(error.message.find("16384") != std::string::npos);
    // The target counts too.
    CHECK(failure_of("GET /" + big + " HTTP/1.1\r\n\r\n").status == 431);
}

TEST_CASE("a body past the limit is 413, a declared one before it arrives (RFC 9110 §15.5.14)",
          "[api][http]") {
    const auto declared = failure_of("POST / HTTP/1.1\r\nContent-Length: 65537\r\n\r\n");
    CHECK(declared.status == 413);
    CHECK(declared.message.find("65536") != std::string::npos);
    std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 17; ++i) {
        chunked += "1000\r\n" + std::string(4096, 'v') + "\r\n";
    }
    CHECK(failure_of(chunked).status == 413);
    CHECK(failure_of("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", {.max_body_bytes = 10})
              .status == 413);
}

TEST_CASE("malformed requests are 400 with the reason", "[api][http]") {
    const auto garbage = failure_of("\x16\x03\x01\x02\x00 not HTTP\r\n\r\n");
    CHECK(garbage.status == 400);
    CHECK(garbage.message.find("malformed HTTP/1.1 request") != std::string::npos);
    CHECK(failure_of("GET / HTTP/1.1\r\nBad Header\r\n\r\n").status == 400);
    CHECK(failure_of("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n").status ==
          400);
}

TEST_CASE("Content-Length with Transfer-Encoding is refused: no request smuggling "
          "(RFC 9112 §6.3)",
          "[api][http]") {
    CHECK(failure_of("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "0\r\n\r\n")
              .status == 400);
}

TEST_CASE("protocol upgrades and CONNECT are refused", "[api][http]") {
    const auto upgrade =
        failure_of("GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    CHECK(upgrade.status == 400);
    CHECK(upgrade.message.find("upgrade") != std::string::npos);
    CHECK(failure_of("CONNECT example.com:443 HTTP/1.1\r\n\r\n").status == 400);
}

} // namespace dcvd::api
