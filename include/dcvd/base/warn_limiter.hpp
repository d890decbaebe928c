// base/warn_limiter.hpp: rate limit for warnings that can repeat per packet or per connection
// (STYLE.md §7): at most one per interval, the rest counted and reported with the next.
#pragma once

#include <chrono>
#include <cstdint>

namespace dcvd::base {

/// Owned by one thread.
class WarnLimiter {
public:
    explicit WarnLimiter(std::chrono::seconds interval = std::chrono::seconds(10)) noexcept
        : interval_(interval) {}

    /// True when a warning may be logged now; then `suppressed` holds how many were refused
    /// since the last one allowed.
    [[nodiscard]] bool allow(std::uint64_t& suppressed) noexcept {
        const auto now = std::chrono::steady_clock::now();
        if (has_logged_ && now - last_ < interval_) {
            ++refused_;
            return false;
        }
        has_logged_ = true;
        last_ = now;
        suppressed = refused_;
        refused_ = 0;
        return true;
    }

private:
    std::chrono::steady_clock::duration interval_;
    std::chrono::steady_clock::time_point last_{};
    std::uint64_t refused_ = 0;
    bool has_logged_ = false;
};

} // namespace dcvd::base
