// dns/tcp_listener.cpp: adopting our SO_REUSEPORT socket and handing connections to the table.
#include "tcp_listener.hpp"

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "dcvd/uv/error.hpp"

namespace dcvd::dns {
namespace {

/// Connections the kernel queues before accept (capped by net.core.somaxconn).
constexpr int listen_backlog = 1024;

base::Unexpected failure(std::string_view call, const std::string& address, int status) {
    return base::Unexpected{uv::uv_failure(fmt::format("{} tcp {}", call, address), status)};
}

} // namespace

base::Result<uv::Owned<TcpListener>> TcpListener::open(uv::Loop& loop, uv::Socket socket,
                                                       std::string address,
                                                       TcpConnections& connections) {
    std::unique_ptr<TcpListener> created(new TcpListener(std::move(address), connections));
    if (const int status = uv_tcp_init(loop.get(), &created->handle_); status != 0) {
        return failure("uv_tcp_init", created->address_, status);
    }
    created->adopt(&created->handle_);
    uv::Owned<TcpListener> listener(created.release());
    if (const int status = uv_tcp_open(&listener->handle_, socket.fd()); status != 0) {
        return failure("uv_tcp_open", listener->address_, status);
    }
    static_cast<void>(socket.release()); // the handle closes it from now on
    if (const int status = uv_listen(reinterpret_cast<uv_stream_t*>(&listener->handle_),
                                     listen_backlog, &TcpListener::on_connection);
        status != 0) {
        return failure("uv_listen", listener->address_, status);
    }
    return listener;
}

TcpListener::TcpListener(std::string address, TcpConnections& connections)
    : address_(std::move(address)), connections_(connections), log_(base::logger("dns")) {}

void TcpListener::on_connection(uv_stream_t* server, int status) noexcept {
    auto& self = of<TcpListener>(server);
    if (status < 0) {
        std::uint64_t suppressed = 0;
        if (self.warnings_.allow(suppressed)) {
            self.log_->warn("dns tcp accept failed address={} error=\"{}\" suppressed={}",
                            self.address_, uv_strerror(status), suppressed);
        }
        return;
    }
    self.connections_.accept(server);
}

} // namespace dcvd::dns
