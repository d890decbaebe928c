// uv/socket.cpp: creating, binding and tuning the sockets libuv later adopts.
#include "dcvd/uv/socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include <fmt/format.h>

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {
namespace {

[[nodiscard]] bool set_int_option(int fd, int level, int name, int value) noexcept {
    return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

[[nodiscard]] std::size_t get_int_option(int fd, int level, int name) noexcept {
    int value = 0;
    socklen_t length = sizeof value;
    if (getsockopt(fd, level, name, &value, &length) != 0 || value < 0) {
        return 0;
    }
    return static_cast<std::size_t>(value);
}

std::size_t set_buffer(int fd, int force_name, int name, int value) noexcept {
    if (!set_int_option(fd, SOL_SOCKET, force_name, value)) {
        // Without CAP_NET_ADMIN the kernel caps the request at net.core.[rw]mem_max.
        static_cast<void>(set_int_option(fd, SOL_SOCKET, name, value));
    }
    return get_int_option(fd, SOL_SOCKET, name);
}

} // namespace

Socket::~Socket() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

base::Result<Socket> bind_socket(const Endpoint& endpoint, SocketType type, PortSharing sharing) {
    const bool is_udp = type == SocketType::Udp;
    const auto what = [&](std::string_view call) {
        return fmt::format("{} {} {}", call, is_udp ? "udp" : "tcp", endpoint.to_string());
    };
    Socket socket(::socket(endpoint.family(),
                           (is_udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (socket.fd() < 0) {
        return base::Unexpected{errno_failure(what("socket"), errno)};
    }
    // SO_REUSEPORT: every worker binds the same address and the kernel spreads the load.
    // SO_REUSEADDR (TCP): a restart may bind while old connections sit in TIME_WAIT.
    if ((sharing == PortSharing::Shared &&
         !set_int_option(socket.fd(), SOL_SOCKET, SO_REUSEPORT, 1)) ||
        (!is_udp && !set_int_option(socket.fd(), SOL_SOCKET, SO_REUSEADDR, 1)) ||
        (endpoint.family() == AF_INET6 &&
         !set_int_option(socket.fd(), IPPROTO_IPV6, IPV6_V6ONLY, 1))) {
        return base::Unexpected{errno_failure(what("setsockopt"), errno)};
    }
    if (::bind(socket.fd(), endpoint.address(), endpoint.size()) != 0) {
        return base::Unexpected{errno_failure(what("bind"), errno)};
    }
    return socket;
}

base::Result<Endpoint> local_endpoint(const Socket& socket) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return base::Unexpected{errno_failure("getsockname", errno)};
    }
    return Endpoint::from_sockaddr(address);
}

BufferSizes set_buffer_sizes(const Socket& socket, std::size_t bytes) noexcept {
    const int value = bytes > INT_MAX ? INT_MAX : static_cast<int>(bytes);
    return BufferSizes{set_buffer(socket.fd(), SO_RCVBUFFORCE, SO_RCVBUF, value),
                       set_buffer(socket.fd(), SO_SNDBUFFORCE, SO_SNDBUF, value)};
}

base::Result<void> enable_packet_info(const Socket& socket, int family) {
    const bool ok = family == AF_INET6
                        ? set_int_option(socket.fd(), IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
                        : set_int_option(socket.fd(), IPPROTO_IP, IP_PKTINFO, 1);
    if (!ok) {
        return base::Unexpected{errno_failure("setsockopt pktinfo", errno)};
    }
    return {};
}

} // namespace dcvd::uv
