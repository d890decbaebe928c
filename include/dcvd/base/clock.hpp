// base/clock.hpp: wall-clock seconds as stored in LMDB (expiries, creation times), and how they
// are shown.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace dcvd::base {

/// Seconds since the Unix epoch: the unit of every expiry and timestamp dcvd stores.
[[nodiscard]] inline std::uint64_t unix_now() noexcept {
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(since).count());
}

/// Unix seconds as RFC 3339 UTC ("2026-11-23T19:22:50Z"): how the CLI and the API show times.
[[nodiscard]] std::string format_time(std::uint64_t unix_seconds);

} // namespace dcvd::base
