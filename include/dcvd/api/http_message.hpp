// api/http_message.hpp: an HTTP/1.1 request as the API's handlers see it, the response they
// give, and the limits a request is read within.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcvd::api {

struct HttpLimits {
    std::size_t max_header_bytes = 16 * 1024; ///< request line and headers together
    std::size_t max_body_bytes = 64 * 1024;
};

struct HttpRequest {
    std::string method; ///< "GET", "PUT", ...
    std::string target; ///< as sent: path and query, e.g. "/v1/delegations?limit=10"
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased, in order
    std::string body;                                         ///< de-chunked
    bool keep_alive = true; ///< HTTP/1.1 default, or what Connection says (RFC 9112 §9.3)
    std::string peer;       ///< the client's IP address (no port); empty on a unix socket

    /// The first header of that (lower-case) name, or nullopt.
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    /// Further headers (Allow, WWW-Authenticate, ...); names and values are ours, never input.
    std::vector<std::pair<std::string, std::string>> headers;
    /// The route that answered, for metrics: method and pattern from the route table (static
    /// strings, set by HttpReply::send); empty when none matched or the server answered itself.
    std::string_view route_method;
    std::string_view route;
};

} // namespace dcvd::api
