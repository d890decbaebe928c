// api/url.hpp: the parts of a request target (RFC 3986 §3.3-§3.4) the router reads: path
// segments and query parameters, percent-decoded; also form bodies
// (application/x-www-form-urlencoded, as acme.sh posts them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dcvd::api {

using Params = std::vector<std::pair<std::string, std::string>>;

/// `text` with %XX escapes decoded (and '+' as a space when `plus_is_space`, as in forms);
/// nullopt for a malformed escape.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// The path's segments, each decoded ("/v1/delegations/a%2Fb" → {"v1", "delegations", "a/b"});
/// nullopt when the path does not start with '/' or an escape is malformed.
[[nodiscard]] std::optional<std::vector<std::string>> path_segments(std::string_view path);

/// "a=1&b=x+y" → {{"a","1"},{"b","x y"}}; a key without '=' has an empty value; nullopt for a
/// malformed escape.
[[nodiscard]] std::optional<Params> parse_form(std::string_view text);

/// The first value of `key` in `params`, or nullopt.
[[nodiscard]] std::optional<std::string_view> find_param(const Params& params,
                                                         std::string_view key) noexcept;

/// The target split at the first '?': {path, query}.
[[nodiscard]] std::pair<std::string_view, std::string_view>
split_target(std::string_view target) noexcept;

} // namespace dcvd::api
