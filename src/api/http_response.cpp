// api/http_response.cpp: status lines, headers and JSON error bodies.
#include "http_response.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dcvd::api {

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 507:
        return "Insufficient Storage";
    default:
        return "Unknown";
    }
}

std::string to_wire(const HttpResponse& response, bool keep_alive) {
    std::string out = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
                                  "Cache-Control: no-store\r\n",
                                  response.status, reason_phrase(response.status),
                                  response.content_type, response.body.size());
    if (!keep_alive) {
        out += "Connection: close\r\n";
    }
    for (const auto& [name, value] : response.headers) {
        out += fmt::format("{}: {}\r\n", name, value);
    }
    out += "\r\n";
    out += response.body;
    return out;
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    // Bodies may quote what the client sent: invalid UTF-8 is replaced, never an exception.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

HttpResponse error_response(int status, std::string_view code, std::string_view message) {
    return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

int status_of(base::ErrorCode code) noexcept {
    switch (code) {
    case base::ErrorCode::Invalid:
        return 400;
    case base::ErrorCode::NotFound:
        return 404;
    case base::ErrorCode::Conflict:
        return 409;
    case base::ErrorCode::Full:
        return 507;
    case base::ErrorCode::Unavailable:
        return 503;
    case base::ErrorCode::Internal:
        return 500;
    }
    return 500;
}

HttpResponse error_response(const base::Error& error) {
    return error_response(status_of(error.code), base::to_string(error.code), error.message);
}

HttpResponse error_response(const HttpParseError& error) {
    const std::string_view code = error.status == 413   ? "body_too_large"
                                  : error.status == 431 ? "headers_too_large"
                                                        : "bad_request";
    return error_response(error.status, code, error.message);
}

} // namespace dcvd::api
