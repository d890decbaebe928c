// base/clock.hpp: wall-clock seconds as stored in LMDB (expiries, creation times).
#pragma once

#include <chrono>
#include <cstdint>

namespace dcvd::base {

/// Seconds since the Unix epoch: the unit of every expiry and timestamp dcvd stores.
[[nodiscard]] inline std::uint64_t unix_now() noexcept {
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(since).count());
}

} // namespace dcvd::base
