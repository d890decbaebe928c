// api/router.hpp: matching a request's method and path against the route table: segments match
// literally or, as "{}", capture one decoded segment.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api_context.hpp"

namespace dcvd::api {

/// Who may call a route.
enum class Access : std::uint8_t {
    Open,    ///< anyone: probes, metrics
    Read,    ///< any valid token
    Write,   ///< a write or admin token; the handler checks the host against its suffixes
    Admin,   ///< an admin token
    AcmeDns, ///< acme-dns's own X-Api-User/X-Api-Key credentials, checked by the handler
};

struct Route {
    std::string_view method;
    std::string_view pattern; ///< "/v1/delegations/{}/txt"
    Access access;
    Handler handle;
};

struct RouteMatch {
    const Route* route = nullptr;
    std::vector<std::string> params;
};
/// The path matched, not the method: the methods it takes, for 405 and Allow (RFC 9110 §15.5.6).
struct WrongMethod {
    std::string allowed; ///< "GET, PUT, DELETE"
};
struct NoRoute {};

/// The route for `method` at the decoded `segments`.
[[nodiscard]] std::variant<RouteMatch, WrongMethod, NoRoute>
match_route(std::span<const Route> routes, std::string_view method,
            const std::vector<std::string>& segments);

} // namespace dcvd::api
