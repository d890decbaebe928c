// uv/error.cpp: libuv and errno failures as base::Error.
#include "dcvd/uv/error.hpp"

#include <cerrno>
#include <system_error>

#include <fmt/format.h>
#include <uv.h>

namespace dcvd::uv {

base::Error uv_failure(std::string_view what, int status) {
    return base::make_error(base::ErrorCode::Unavailable,
                            fmt::format("{}: {}", what, uv_strerror(status)));
}

base::Error errno_failure(std::string_view what, int error_number) {
    // std::generic_category().message is strerror_r underneath: safe on any thread.
    return base::make_error(
        error_number == EADDRINUSE ? base::ErrorCode::Conflict : base::ErrorCode::Unavailable,
        fmt::format("{}: {}", what, std::generic_category().message(error_number)));
}

} // namespace dcvd::uv
