// integration/api_client.hpp: a blocking HTTP/1.1 client for the API with one kept-alive
// connection, safe to use from many threads at once (one client per thread): it never touches
// Catch2, whose assertions are not thread-safe; failures come back as nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "unique_fd.hpp"

namespace dcvd::integration {

struct ApiReply {
    int status = 0;
    std::string body;
};

class ApiClient {
public:
    /// Connects to "ip:port" lazily; `token` goes in `Authorization: Bearer`.
    ApiClient(std::string address, std::string token);

    /// One request; nullopt when the connection failed or the reply did not parse. Reconnects
    /// once when the server closed a kept-alive connection.
    [[nodiscard]] std::optional<ApiReply> call(std::string_view method, std::string_view target,
                                               std::string_view body = {});

private:
    bool connect_once();
    std::optional<ApiReply> exchange(const std::string& request);

    std::string address_;
    std::string token_;
    UniqueFd fd_;
};

/// `text` percent-encoded as one path segment (RFC 3986 §2.1: unreserved octets as they are).
[[nodiscard]] std::string path_segment(std::string_view text);

} // namespace dcvd::integration
