// api/http_request_parser.hpp: HTTP/1.1 requests from a byte stream, through the packaged
// http-parser (nodejs/http-parser 2.9), with the API's limits on headers and body. Socket-free,
// so that tests and the fuzzer drive it directly; one parser per connection.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <http_parser.h>

#include "dcvd/api/http_message.hpp"

namespace dcvd::api {

/// Why the stream cannot be read on: the status to answer with, then close (RFC 9112 §2.2).
struct HttpParseError {
    int status = 400; ///< 400, 413 (body too large) or 431 (headers too large)
    std::string message;
};

class HttpRequestParser {
public:
    explicit HttpRequestParser(HttpLimits limits);
    HttpRequestParser(const HttpRequestParser&) = delete;
    HttpRequestParser& operator=(const HttpRequestParser&) = delete;

    enum class Status { NeedMore, Complete, Failed };

    /// Reads from `bytes` up to the end of one request and sets `consumed` to the octets used.
    /// Complete: take() the request, then feed the rest (pipelined requests). NeedMore: all was
    /// used. Failed: error() says why; feed no more.
    [[nodiscard]] Status feed(std::span<const char> bytes, std::size_t& consumed);
    /// The request that feed() completed; the parser then reads the next one.
    [[nodiscard]] HttpRequest take();
    [[nodiscard]] const HttpParseError& error() const noexcept { return error_; }

private:
    // http-parser's callbacks; `parser->data` is the HttpRequestParser.
    static int on_message_begin(http_parser* parser) noexcept;
    static int on_url(http_parser* parser, const char* at, std::size_t length) noexcept;
    static int on_header_field(http_parser* parser, const char* at, std::size_t length) noexcept;
    static int on_header_value(http_parser* parser, const char* at, std::size_t length) noexcept;
    static int on_headers_complete(http_parser* parser) noexcept;
    static int on_body(http_parser* parser, const char* at, std::size_t length) noexcept;
    static int on_message_complete(http_parser* parser) noexcept;

    /// Counts header octets against the limit; false (and the 431 error) past it.
    bool count_header_bytes(std::size_t length) noexcept;
    int fail(int status, std::string message) noexcept;

    HttpLimits limits_;
    http_parser parser_{};
    http_parser_settings settings_{};
    HttpRequest current_;
    std::size_t header_bytes_ = 0;
    bool in_value_ = false; ///< the last header callback was a value (a new field starts a pair)
    bool is_complete_ = false;
    bool has_failed_ = false;
    HttpParseError error_;
};

} // namespace dcvd::api
