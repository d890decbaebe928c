// uv/stream_listener.cpp: adopting our socket and handing each connection to the owner's
// callback.
#include "dcvd/uv/stream_listener.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstdio>

#include <fmt/format.h>

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {
namespace {

/// Connections the kernel queues before accept (capped by net.core.somaxconn).
constexpr int listen_backlog = 1024;

base::Unexpected failure(std::string_view call, const std::string& address, int status) {
    return base::Unexpected{uv_failure(fmt::format("{} {}", call, address), status)};
}

/// The path a unix socket is bound to, or "" for any other socket.
std::string unix_path_of(const Socket& socket) {
    sockaddr_un address{};
    socklen_t size = sizeof(address);
    if (::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &size) != 0 ||
        address.sun_family != AF_UNIX) {
        return {};
    }
    return address.sun_path;
}

} // namespace

base::Result<Owned<StreamListener>> StreamListener::open(Loop& loop, Socket socket,
                                                         std::string address,
                                                         std::shared_ptr<spdlog::logger> log,
                                                         OnConnection on_connection) {
    std::unique_ptr<StreamListener> created(
        new StreamListener(std::move(address), std::move(log), std::move(on_connection)));
    const std::string path = unix_path_of(socket);
    const bool is_unix = !path.empty();
    const int initialised = is_unix ? uv_pipe_init(loop.get(), &created->handle_.pipe, 0)
                                    : uv_tcp_init(loop.get(), &created->handle_.tcp);
    if (initialised != 0) {
        return failure(is_unix ? "uv_pipe_init" : "uv_tcp_init", created->address_, initialised);
    }
    created->adopt(&created->handle_.stream);
    Owned<StreamListener> listener(created.release());
    const int opened = is_unix ? uv_pipe_open(&listener->handle_.pipe, socket.fd())
                               : uv_tcp_open(&listener->handle_.tcp, socket.fd());
    if (opened != 0) {
        return failure(is_unix ? "uv_pipe_open" : "uv_tcp_open", listener->address_, opened);
    }
    static_cast<void>(socket.release()); // the handle closes it from now on
    listener->unix_path_ = path;
    if (const int status =
            uv_listen(&listener->handle_.stream, listen_backlog, &StreamListener::on_listen);
        status != 0) {
        return failure("uv_listen", listener->address_, status);
    }
    return listener;
}

StreamListener::StreamListener(std::string address, std::shared_ptr<spdlog::logger> log,
                               OnConnection on_connection)
    : address_(std::move(address)), log_(std::move(log)), on_connection_(std::move(on_connection)) {
}

StreamListener::~StreamListener() {
    if (!unix_path_.empty()) {
        std::remove(unix_path_.c_str()); // no stale socket file for the next start to meet
    }
}

void StreamListener::on_listen(uv_stream_t* server, int status) noexcept {
    auto& self = of<StreamListener>(server);
    if (status < 0) {
        std::uint64_t suppressed = 0;
        if (self.warnings_.allow(suppressed)) {
            self.log_->warn("accept failed address={} error=\"{}\" suppressed={}", self.address_,
                            uv_strerror(status), suppressed);
        }
        return;
    }
    self.on_connection_(server);
}

} // namespace dcvd::uv
