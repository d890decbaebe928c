// api/router.cpp: a linear scan of a dozen routes: shorter than any index, and no request path
// reaches the store before it matched.
#include "router.hpp"

namespace dcvd::api {
namespace {

/// Captures the {} segments of `pattern` from `segments`, or returns false.
bool matches(std::string_view pattern, const std::vector<std::string>& segments,
             std::vector<std::string>& params) {
    params.clear();
    std::size_t index = 0;
    std::size_t start = 1; // past the leading '/'
    while (start <= pattern.size()) {
        const std::size_t slash = pattern.find('/', start);
        const std::string_view part = pattern.substr(start, slash - start);
        if (index == segments.size()) {
            return false;
        }
        if (part == "{}") {
            params.push_back(segments[index]);
        } else if (part != segments[index]) {
            return false;
        }
        ++index;
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return index == segments.size();
}

} // namespace

std::variant<RouteMatch, WrongMethod, NoRoute>
match_route(std::span<const Route> routes, std::string_view method,
            const std::vector<std::string>& segments) {
    std::string allowed;
    std::vector<std::string> params;
    for (const Route& route : routes) {
        if (!matches(route.pattern, segments, params)) {
            continue;
        }
        if (route.method == method) {
            return RouteMatch{&route, std::move(params)};
        }
        if (!allowed.empty()) {
            allowed += ", ";
        }
        allowed += route.method;
    }
    if (!allowed.empty()) {
        return WrongMethod{std::move(allowed)};
    }
    return NoRoute{};
}

} // namespace dcvd::api
