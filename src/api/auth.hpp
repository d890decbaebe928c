// api/auth.hpp: who is calling: a token sent as `Authorization: Bearer <token>` (RFC 6750 §2.1)
// or as the password of HTTP Basic (RFC 7617, as lego's httpreq sends it), looked up by its
// SHA-256; and what that token may do.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "api_context.hpp"
#include "router.hpp"

namespace dcvd::api {

/// The caller's token when it may use a route of `access` (Read, Write or Admin), else the 401
/// (no, malformed or unknown token) or 403 (scope too small) to answer.
[[nodiscard]] std::variant<store::TokenRecord, HttpResponse>
authenticate(const ApiContext& context, const HttpRequest& request, Access access);

/// nullopt when the call's token may write `host`; else the 403 naming its host suffixes.
[[nodiscard]] std::optional<HttpResponse> refuse_host(const Call& call, std::string_view host);

} // namespace dcvd::api
