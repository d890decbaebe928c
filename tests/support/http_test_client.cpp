// support/http_test_client.cpp: a blocking loopback client and an incremental response reader.
#include "support/http_test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <http_parser.h>

namespace dcvd::api::test {
namespace {

struct Reading {
    ParsedResponse response;
    std::string field;
    bool is_complete = false;
};

Reading& reading_of(http_parser* parser) {
    return *static_cast<Reading*>(parser->data);
}

} // namespace

std::optional<ParsedResponse> parse_response(std::string_view bytes, std::size_t& consumed) {
    Reading reading;
    http_parser parser{};
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &reading;
    http_parser_settings settings{};
    http_parser_settings_init(&settings);
    settings.on_header_field = [](http_parser* p, const char* at, std::size_t n) {
        reading_of(p).field.assign(at, n);
        return 0;
    };
    settings.on_header_value = [](http_parser* p, const char* at, std::size_t n) {
        auto& r = reading_of(p);
        r.response.headers[r.field].append(at, n);
        return 0;
    };
    settings.on_body = [](http_parser* p, const char* at, std::size_t n) {
        reading_of(p).response.body.append(at, n);
        return 0;
    };
    settings.on_message_complete = [](http_parser* p) {
        auto& r = reading_of(p);
        r.is_complete = true;
        r.response.status = static_cast<int>(p->status_code);
        r.response.keep_alive = http_should_keep_alive(p) != 0;
        http_parser_pause(p, 1);
        return 0;
    };
    consumed = http_parser_execute(&parser, &settings, bytes.data(), bytes.size());
    const auto error = HTTP_PARSER_ERRNO(&parser);
    INFO(http_errno_description(error));
    REQUIRE((error == HPE_OK || error == HPE_PAUSED));
    if (!reading.is_complete) {
        return std::nullopt;
    }
    return reading.response;
}

HttpTestClient::HttpTestClient(const std::string& address) {
    const auto colon = address.rfind(':');
    REQUIRE(colon != std::string::npos);
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
    REQUIRE(inet_pton(AF_INET, address.substr(0, colon).c_str(), &peer.sin_addr) == 1);
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    REQUIRE(connect(fd_, reinterpret_cast<const sockaddr*>(&peer), sizeof peer) == 0);
}

HttpTestClient::~HttpTestClient() {
    close(fd_);
}

void HttpTestClient::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        REQUIRE(sent > 0);
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

bool HttpTestClient::read_some(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd watched{fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
        return false;
    }
    char buffer[4096];
    const ssize_t got = recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) {
        return false;
    }
    pending_.append(buffer, static_cast<std::size_t>(got));
    return true;
}

std::optional<ParsedResponse> HttpTestClient::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        std::size_t consumed = 0;
        if (auto response = parse_response(pending_, consumed)) {
            pending_.erase(0, consumed);
            return response;
        }
        if (!read_some(deadline)) {
            return std::nullopt;
        }
    }
}

bool HttpTestClient::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    pollfd watched{fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
        return false;
    }
    char byte = 0;
    return recv(fd_, &byte, 1, 0) <= 0; // FIN, or a reset (a listener closed before accepting)
}

} // namespace dcvd::api::test
