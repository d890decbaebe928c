// api/http_request_parser.cpp: http-parser's callbacks fill one HttpRequest at a time; the parser
// pauses at the end of each so that pipelined requests are answered in order.
#include "http_request_parser.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace dcvd::api {
namespace {

char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

HttpRequestParser& owner(http_parser* parser) noexcept {
    return *static_cast<HttpRequestParser*>(parser->data);
}

} // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    const auto it = std::find_if(headers.begin(), headers.end(),
                                 [name](const auto& header) { return header.first == name; });
    if (it == headers.end()) {
        return std::nullopt;
    }
    return it->second;
}

HttpRequestParser::HttpRequestParser(HttpLimits limits) : limits_(limits) {
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
    http_parser_settings_init(&settings_);
    settings_.on_message_begin = &on_message_begin;
    settings_.on_url = &on_url;
    settings_.on_header_field = &on_header_field;
    settings_.on_header_value = &on_header_value;
    settings_.on_headers_complete = &on_headers_complete;
    settings_.on_body = &on_body;
    settings_.on_message_complete = &on_message_complete;
}

HttpRequestParser::Status HttpRequestParser::feed(std::span<const char> bytes,
                                                  std::size_t& consumed) {
    consumed = 0;
    if (has_failed_) {
        return Status::Failed;
    }
    if (is_complete_) {
        return Status::Complete; // take() first
    }
    consumed = http_parser_execute(&parser_, &settings_, bytes.data(), bytes.size());
    if (is_complete_) {
        return Status::Complete;
    }
    if (!has_failed_ && HTTP_PARSER_ERRNO(&parser_) != HPE_OK) {
        const auto code = HTTP_PARSER_ERRNO(&parser_);
        fail(400, fmt::format("malformed HTTP/1.1 request: {}", http_errno_description(code)));
    }
    return has_failed_ ? Status::Failed : Status::NeedMore;
}

HttpRequest HttpRequestParser::take() {
    HttpRequest request = std::move(current_);
    current_ = HttpRequest{};
    is_complete_ = false;
    http_parser_pause(&parser_, 0);
    return request;
}

int HttpRequestParser::fail(int status, std::string message) noexcept {
    has_failed_ = true;
    error_ = HttpParseError{status, std::move(message)};
    return -1; // stops http_parser_execute
}

bool HttpRequestParser::count_header_bytes(std::size_t length) noexcept {
    header_bytes_ += length;
    if (header_bytes_ <= limits_.max_header_bytes) {
        return true;
    }
    fail(431,
         fmt::format("the request line and headers exceed {} octets", limits_.max_header_bytes));
    return false;
}

int HttpRequestParser::on_message_begin(http_parser* parser) noexcept {
    auto& self = owner(parser);
    self.current_ = HttpRequest{};
    self.header_bytes_ = 0;
    self.in_value_ = false;
    return 0;
}

int HttpRequestParser::on_url(http_parser* parser, const char* at, std::size_t length) noexcept {
    auto& self = owner(parser);
    if (!self.count_header_bytes(length)) {
        return -1;
    }
    self.current_.target.append(at, length);
    return 0;
}

int HttpRequestParser::on_header_field(http_parser* parser, const char* at,
                                       std::size_t length) noexcept {
    auto& self = owner(parser);
    if (!self.count_header_bytes(length)) {
        return -1;
    }
    auto& headers = self.current_.headers;
    if (headers.empty() || self.in_value_) {
        headers.emplace_back();
    }
    self.in_value_ = false;
    std::transform(at, at + length, std::back_inserter(headers.back().first), ascii_lower);
    return 0;
}

int HttpRequestParser::on_header_value(http_parser* parser, const char* at,
                                       std::size_t length) noexcept {
    auto& self = owner(parser);
    if (!self.count_header_bytes(length)) {
        return -1;
    }
    self.in_value_ = true;
    self.current_.headers.back().second.append(at, length);
    return 0;
}

int HttpRequestParser::on_headers_complete(http_parser* parser) noexcept {
    auto& self = owner(parser);
    self.current_.method = http_method_str(static_cast<http_method>(parser->method));
    self.current_.keep_alive = http_should_keep_alive(parser) != 0;
    if (parser->upgrade != 0) { // set before this callback, for it
        return self.fail(400, "protocol upgrades (and CONNECT) are not supported: speak HTTP/1.1");
    }
    // A declared length is refused before its body arrives; chunked bodies are counted below.
    if ((parser->flags & F_CONTENTLENGTH) != 0 &&
        parser->content_length > self.limits_.max_body_bytes) {
        return self.fail(413, fmt::format("the body of {} octets exceeds the limit of {}",
                                          parser->content_length, self.limits_.max_body_bytes));
    }
    return 0;
}

int HttpRequestParser::on_body(http_parser* parser, const char* at, std::size_t length) noexcept {
    auto& self = owner(parser);
    if (self.current_.body.size() + length > self.limits_.max_body_bytes) {
        return self.fail(413, fmt::format("the body exceeds the limit of {} octets",
                                          self.limits_.max_body_bytes));
    }
    self.current_.body.append(at, length);
    return 0;
}

int HttpRequestParser::on_message_complete(http_parser* parser) noexcept {
    auto& self = owner(parser);
    self.is_complete_ = true;
    http_parser_pause(parser, 1); // one request at a time: the caller answers it, then feeds on
    return 0;
}

} // namespace dcvd::api
