// api/http_response.hpp: responses of the HTTP API in wire form, and its one error body,
// {"error": {"code": "...", "message": "..."}} (DESIGN.md §5), on a single line.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dcvd/api/http_message.hpp"
#include "dcvd/base/result.hpp"
#include "http_request_parser.hpp"

namespace dcvd::api {

/// The reason phrase of a status the API sends (RFC 9110 §15), "Unknown" for others.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;

/// The response as sent: status line, Content-Type, Content-Length, Cache-Control: no-store,
/// Connection: close unless `keep_alive`, the further headers, then the body (RFC 9112 §4-§6).
[[nodiscard]] std::string to_wire(const HttpResponse& response, bool keep_alive);

/// A JSON body at `status`, on one line (acme.sh reads replies with sed); invalid UTF-8 replaced.
[[nodiscard]] HttpResponse json_response(int status, const nlohmann::json& body);

/// The error body at `status`, `code` a stable snake_case word for programs, `message` for people.
[[nodiscard]] HttpResponse error_response(int status, std::string_view code,
                                          std::string_view message);

/// The status a control-plane error maps to: 400, 404, 409, 507, 503 or 500.
[[nodiscard]] int status_of(base::ErrorCode code) noexcept;

/// error_response() for a control-plane error, its code named by base::to_string.
[[nodiscard]] HttpResponse error_response(const base::Error& error);

/// error_response() for a request that could not be read: bad_request, body_too_large or
/// headers_too_large.
[[nodiscard]] HttpResponse error_response(const HttpParseError& error);

} // namespace dcvd::api
