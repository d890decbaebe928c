// uv/timer.hpp: a one-shot loop timer (uv_timer_t).
#pragma once

#include <chrono>
#include <functional>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"

namespace dcvd::uv {

class Timer final : public HandleOwner {
public:
    /// `on_expiry` runs on the loop thread when a started timer expires.
    [[nodiscard]] static base::Result<Owned<Timer>> create(Loop& loop,
                                                           std::function<void()> on_expiry);
    /// Fires once after `timeout` from the loop's current time; restarts a running timer.
    void start(std::chrono::milliseconds timeout) noexcept;
    /// Cancels a started timer (nothing if none is pending); it may be started again.
    void stop() noexcept;

private:
    explicit Timer(std::function<void()> on_expiry) : on_expiry_(std::move(on_expiry)) {}
    static void on_timer(uv_timer_t* handle) noexcept;

    uv_timer_t handle_{};
    std::function<void()> on_expiry_;
};

} // namespace dcvd::uv
