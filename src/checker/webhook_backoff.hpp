// checker/webhook_backoff.hpp: how long a failed webhook delivery waits before its next attempt.
#pragma once

#include <algorithm>
#include <chrono>

namespace dcvd::checker {

/// The wait after a delivery's `failed`-th failed attempt (1 for the first): `first`, doubled for
/// each failure after the first, never more than `max` (nor overflowing on the way there).
[[nodiscard]] constexpr std::chrono::milliseconds
retry_delay(unsigned failed, std::chrono::milliseconds first,
            std::chrono::milliseconds max) noexcept {
    auto delay = std::min(first, max);
    for (unsigned doubled = 1; doubled < failed && delay < max; ++doubled) {
        delay = delay > max / 2 ? max : delay * 2;
    }
    return delay;
}

} // namespace dcvd::checker
