// uv/loop.hpp: an owned libuv event loop that closes every handle left on it before it goes.
#pragma once

#include <cstdint>

#include <uv.h>

namespace dcvd::uv {

/// One loop per thread; not copyable or movable (handles point at it). Loop thread only, except
/// that construction and destruction may happen on another thread while the loop is not running.
class Loop {
public:
    /// Throws std::runtime_error when libuv cannot initialise a loop (environment failure).
    Loop();
    /// Closes the handles still open (through their HandleOwner) and runs the loop until
    /// uv_loop_close succeeds, so every owner has been deleted.
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;
    Loop(Loop&&) = delete;
    Loop& operator=(Loop&&) = delete;

    [[nodiscard]] uv_loop_t* get() noexcept { return &loop_; }
    /// Runs until no active handle or request is left.
    void run() noexcept;
    /// The loop's cached monotonic time in milliseconds (updated once per iteration).
    [[nodiscard]] std::uint64_t now_ms() const noexcept { return uv_now(&loop_); }

private:
    uv_loop_t loop_{};
};

} // namespace dcvd::uv
