// uv/poll.hpp: readiness of a socket we read and write ourselves (uv_poll_t), e.g. for
// recvmmsg/sendmmsg, which libuv's own UDP handle does not batch.
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
    /// Watches for `events` (UV_READABLE | UV_WRITABLE), replacing the previous set.
    [[nodiscard]] int start(int events) noexcept;
    [[nodiscard]] int fd() const noexcept { return socket_.fd(); }

private:
    Poll(Socket socket, Callback on_ready)
        : socket_(std::move(socket)), on_ready_(std::move(on_ready)) {}
    static void on_poll(uv_poll_t* handle, int status, int events) noexcept;

    uv_poll_t handle_{};
    Socket socket_;
    Callback on_ready_;
};

} // namespace dcvd::uv
