// support/http_test_client.hpp: what a client sees of the API: responses read with
// http-parser, over a real loopback TCP connection (test-only: blocking, allocates freely).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dcvd::api::test {

struct ParsedResponse {
    int status = 0;
    std::map<std::string, std::string> headers; ///< names as sent
    std::string body;
    bool keep_alive = false;
};

/// The first whole response at the start of `bytes`, with `consumed` set to its length; nullopt
/// while incomplete. REQUIREs that what is there parses.
[[nodiscard]] std::optional<ParsedResponse> parse_response(std::string_view bytes,
                                                           std::size_t& consumed);

class HttpTestClient {
public:
    /// Connects to "ip:port"; REQUIREs success.
    explicit HttpTestClient(const std::string& address);
    ~HttpTestClient();
    HttpTestClient(const HttpTestClient&) = delete;
    HttpTestClient& operator=(const HttpTestClient&) = delete;

    void send(std::string_view bytes);
    /// The next response, or nullopt when none arrives whole within `timeout` or the server
    /// closes first.
    [[nodiscard]] std::optional<ParsedResponse>
    receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Whether the server closes (or resets) the connection within `timeout`, with no response
    /// data first.
    [[nodiscard]] bool wait_closed(std::chrono::milliseconds timeout);

private:
    /// Reads what arrives within the deadline into pending_; false on EOF or timeout.
    bool read_some(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string pending_;
};

} // namespace dcvd::api::test
