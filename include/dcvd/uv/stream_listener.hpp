// uv/stream_listener.hpp: a listening socket we bound ourselves, TCP (SO_REUSEPORT) or unix
// (with its file mode), adopted by libuv; each incoming connection goes to a callback that must
// accept it (uv_accept).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <uv.h>

#include "dcvd/base/result.hpp"
#include "dcvd/base/warn_limiter.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/socket.hpp"

namespace dcvd::uv {

/// Loop thread only.
class StreamListener final : public HandleOwner {
public:
    ~StreamListener() override; ///< removes a unix socket's file
    /// Called with the listening stream when a connection waits; it must uv_accept() it (and
    /// may close it at once), since libuv stops watching a listener whose connection is left.
    using OnConnection = std::function<void(uv_stream_t* server)>;

    /// Adopts the bound `socket` (the handle then closes it) and listens: a TCP socket as a
    /// uv_tcp_t, a unix one (bind_unix_socket) as a uv_pipe_t, whose file it removes when it
    /// closes. `address` names it in errors and logs; failed accepts are warned about on `log`,
    /// rate-limited.
    [[nodiscard]] static base::Result<Owned<StreamListener>>
    open(Loop& loop, Socket socket, std::string address, std::shared_ptr<spdlog::logger> log,
         OnConnection on_connection);

private:
    StreamListener(std::string address, std::shared_ptr<spdlog::logger> log,
                   OnConnection on_connection);
    static void on_listen(uv_stream_t* server, int status) noexcept;

    StreamHandle handle_{};
    std::string unix_path_; ///< removed on close; empty for TCP
    std::string address_;
    std::shared_ptr<spdlog::logger> log_;
    OnConnection on_connection_;
    base::WarnLimiter warnings_;
};

} // namespace dcvd::uv
