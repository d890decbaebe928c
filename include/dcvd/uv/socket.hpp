// uv/socket.hpp: sockets we create ourselves (SO_REUSEPORT, IPV6_V6ONLY, buffer sizes) before
// libuv adopts them: libuv 1.44 cannot set SO_REUSEPORT on its own handles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/endpoint.hpp"

namespace dcvd::uv {

/// An owned socket descriptor, closed on destruction. Movable, not copyable.
class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) noexcept : fd_(fd) {}
    ~Socket();
    Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    [[nodiscard]] int fd() const noexcept { return fd_; }
    /// Gives up ownership (to a libuv handle that closes the descriptor itself).
    [[nodiscard]] int release() noexcept { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

enum class SocketType : std::uint8_t { Udp, Tcp };

/// Shared: SO_REUSEPORT, so that every DNS worker binds the address and the kernel spreads the
/// load. Exclusive: a second bind of the address fails (EADDRINUSE), as the API's must.
enum class PortSharing : std::uint8_t { Shared, Exclusive };

/// A non-blocking, close-on-exec socket with SO_REUSEPORT when Shared (and SO_REUSEADDR for TCP,
/// IPV6_V6ONLY for IPv6) bound to `endpoint`. The error names the endpoint and the errno text; its
/// code is Conflict when the address is in use (a caller that chose port 0 may retry), else
/// Unavailable.
[[nodiscard]] base::Result<Socket> bind_socket(const Endpoint& endpoint, SocketType type,
                                               PortSharing sharing);

/// A non-blocking, close-on-exec unix stream socket bound to `path` with file mode `mode`
/// (connecting needs write permission on it). A stale socket file is replaced; a socket file a
/// server still answers on, or a file of another kind, is Conflict.
[[nodiscard]] base::Result<Socket> bind_unix_socket(const std::string& path, unsigned mode);

/// The address a socket is bound to (port 0 resolved by the kernel).
[[nodiscard]] base::Result<Endpoint> local_endpoint(const Socket& socket);

/// The buffer sizes the kernel granted, in bytes as getsockopt reports them (twice the payload
/// space: the kernel doubles requests to cover its bookkeeping).
struct BufferSizes {
    std::size_t receive = 0;
    std::size_t send = 0;
};

/// Sets SO_RCVBUF and SO_SNDBUF to `bytes`, first with the *FORCE variants, which may exceed
/// net.core.[rw]mem_max but need CAP_NET_ADMIN, then without them. Returns what was granted.
[[nodiscard]] BufferSizes set_buffer_sizes(const Socket& socket, std::size_t bytes) noexcept;

/// Asks for each datagram's destination address and interface (IP_PKTINFO / IPV6_RECVPKTINFO),
/// which a socket bound to a wildcard address needs to reply from the address that was asked.
[[nodiscard]] base::Result<void> enable_packet_info(const Socket& socket, int family);

} // namespace dcvd::uv
