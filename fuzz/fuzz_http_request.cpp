// fuzz/fuzz_http_request.cpp: bytes → HTTP requests, fed in pieces whose size the first octet
// picks. Invariants: progress on every call, nothing read past what was given, every request
// within the limits, and a failure carries a 4xx status and a message.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "http_request_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using dcvd::api::HttpRequestParser;
    if (size == 0) {
        return 0;
    }
    const std::size_t piece = std::size_t{data[0]} + 1;
    const std::span<const char> stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    const dcvd::api::HttpLimits limits{.max_header_bytes = 1024, .max_body_bytes = 512};
    HttpRequestParser parser(limits);
    std::size_t at = 0;
    while (at < stream.size()) {
        const auto input = stream.subspan(at, std::min(piece, stream.size() - at));
        std::size_t consumed = 0;
        const auto status = parser.feed(input, consumed);
        if (consumed > input.size()) {
            std::abort();
        }
        at += consumed;
        if (status == HttpRequestParser::Status::Failed) {
            const auto& error = parser.error();
            if (error.status < 400 || error.status > 499 || error.message.empty()) {
                std::abort();
            }
            return 0;
        }
        if (status == HttpRequestParser::Status::Complete) {
            const auto request = parser.take();
            if (request.body.size() > limits.max_body_bytes || request.method.empty() ||
                request.target.size() > limits.max_header_bytes) {
                std::abort();
            }
        } else if (consumed != input.size()) {
            std::abort(); // NeedMore uses all it was given
        }
    }
    return 0;
}
