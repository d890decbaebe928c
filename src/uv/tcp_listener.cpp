// uv/tcp_listener.cpp: adopting our socket and handing each connection to the owner's callback.
#include "dcvd/uv/tcp_listener.hpp"

#include <fmt/format.h>

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {
namespace {

/// Connections the kernel queues before accept (capped by net.core.somaxconn).
constexpr int listen_backlog = 1024;

base::Unexpected failure(std::string_view call, const std::string& address, int status) {
    return base::Unexpected{uv_failure(fmt::format("{} tcp {}", call, address), status)};
}

} // namespace

base::Result<Owned<TcpListener>> TcpListener::open(Loop& loop, Socket socket, std::string address,
                                                   std::shared_ptr<spdlog::logger> log,
                                                   OnConnection on_connection) {
    std::unique_ptr<TcpListener> created(
        new TcpListener(std::move(address), std::move(log), std::move(on_connection)));
    if (const int status = uv_tcp_init(loop.get(), &created->handle_); status != 0) {
        return failure("uv_tcp_init", created->address_, status);
    }
    created->adopt(&created->handle_);
    Owned<TcpListener> listener(created.release());
    if (const int status = uv_tcp_open(&listener->handle_, socket.fd()); status != 0) {
        return failure("uv_tcp_open", listener->address_, status);
    }
    static_cast<void>(socket.release()); // the handle closes it from now on
    if (const int status = uv_listen(reinterpret_cast<uv_stream_t*>(&listener->handle_),
                                     listen_backlog, &TcpListener::on_listen);
        status != 0) {
        return failure("uv_listen", listener->address_, status);
    }
    return listener;
}

TcpListener::TcpListener(std::string address, std::shared_ptr<spdlog::logger> log,
                         OnConnection on_connection)
    : address_(std::move(address)), log_(std::move(log)), on_connection_(std::move(on_connection)) {
}

void TcpListener::on_listen(uv_stream_t* server, int status) noexcept {
    auto& self = of<TcpListener>(server);
    if (status < 0) {
        std::uint64_t suppressed = 0;
        if (self.warnings_.allow(suppressed)) {
            self.log_->warn("tcp accept failed address={} error=\"{}\" suppressed={}",
                            self.address_, uv_strerror(status), suppressed);
        }
        return;
    }
    self.on_connection_(server);
}

} // namespace dcvd::uv
