// dns/tcp_listener.hpp: one worker's listening TCP socket on one listen address.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <uv.h>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/socket.hpp"
#include "tcp_connections.hpp"
#include "warn_limiter.hpp"

namespace dcvd::dns {

/// Loop thread only; `connections` must outlive it.
class TcpListener final : public uv::HandleOwner {
public:
    /// Adopts the bound `socket` (the handle then closes it) and listens; `address` is for logs.
    [[nodiscard]] static base::Result<uv::Owned<TcpListener>>
    open(uv::Loop& loop, uv::Socket socket, std::string address, TcpConnections& connections);

private:
    TcpListener(std::string address, TcpConnections& connections);
    static void on_connection(uv_stream_t* server, int status) noexcept;

    uv_tcp_t handle_{};
    std::string address_;
    TcpConnections& connections_;
    std::shared_ptr<spdlog::logger> log_;
    WarnLimiter warnings_;
};

} // namespace dcvd::dns
