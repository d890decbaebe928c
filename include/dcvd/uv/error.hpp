// uv/error.hpp: libuv and errno failures as base::Error, worded "<what>: <reason>" (for uv and
// the transports that call libuv themselves).
#pragma once

#include <string_view>

#include "dcvd/base/result.hpp"

namespace dcvd::uv {

/// A libuv status code (< 0) from `what`, as an Unavailable error.
[[nodiscard]] base::Error uv_failure(std::string_view what, int status);
/// An errno value from `what`: Conflict for EADDRINUSE, else Unavailable.
[[nodiscard]] base::Error errno_failure(std::string_view what, int error_number);

} // namespace dcvd::uv
