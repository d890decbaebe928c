// uv/async.hpp: wakes a loop from another thread (uv_async_t).
#pragma once

#include <functional>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"

namespace dcvd::uv {

class Async final : public HandleOwner {
public:
    /// `on_wake` runs on the loop thread after one or more send()s (libuv coalesces them).
    [[nodiscard]] static base::Result<Owned<Async>> create(Loop& loop,
                                                           std::function<void()> on_wake);
    /// Any thread, while the handle is open.
    void send() noexcept;

private:
    explicit Async(std::function<void()> on_wake) : on_wake_(std::move(on_wake)) {}
    static void on_async(uv_async_t* handle) noexcept;

    uv_async_t handle_{};
    std::function<void()> on_wake_;
};

} // namespace dcvd::uv
