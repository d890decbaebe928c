// uv/poll.hpp: readiness of a socket we read and write ourselves (uv_poll_t), e.g. for
// recvmmsg/sendmmsg, which libuv's own UDP handle does not batch, or of a descriptor another
// library owns and does its I/O on (curl's sockets).
#pragma once

#include <functional>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/socket.hpp"

namespace dcvd::uv {

class Poll final : public HandleOwner {
public:
    /// Called with a libuv status (< 0 on error) and the ready UV_READABLE/UV_WRITABLE events.
    using Callback = std::function<void(int status, int events)>;

    /// Watches `socket`, which the Poll owns and closes once libuv has let go of it.
    [[nodiscard]] static base::Result<Owned<Poll>> create(Loop& loop, Socket socket,
                                                          Callback on_ready);
    /// Watches `fd` without owning it: its owner closes it, but only after close() on this Poll
    /// (which stops the watch at once, as libuv asks before a polled descriptor is closed).
    [[nodiscard]] static base::Result<Owned<Poll>> watch(Loop& loop, int fd, Callback on_ready);
    /// Watches for `events` (UV_READABLE | UV_WRITABLE), replacing the previous set.
    [[nodiscard]] int start(int events) noexcept;
    [[nodiscard]] int fd() const noexcept { return fd_; }

private:
    Poll(int fd, Socket owned, Callback on_ready)
        : fd_(fd), socket_(std::move(owned)), on_ready_(std::move(on_ready)) {}
    [[nodiscard]] static base::Result<Owned<Poll>> init(Loop& loop, std::unique_ptr<Poll> owner);
    static void on_poll(uv_poll_t* handle, int status, int events) noexcept;

    uv_poll_t handle_{};
    int fd_ = -1;
    Socket socket_; ///< the descriptor when owned (create), else empty (watch)
    Callback on_ready_;
};

} // namespace dcvd::uv
