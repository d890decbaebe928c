// integration/net.hpp: client sockets for talking to the server under test: UDP datagrams and
// RFC 1035 §4.2.2 length-prefixed TCP messages, every wait bounded by a timeout.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unique_fd.hpp"

namespace dcvd::integration {

using Bytes = std::vector<std::uint8_t>;
using std::chrono::milliseconds;

/// An IPv4 or IPv6 socket address, as the server's ready file prints it.
struct Endpoint {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string text; ///< "127.0.0.1:40001" or "[::1]:40001"

    /// Parses "ip:port" or "[ip6]:port"; throws std::invalid_argument when malformed.
    [[nodiscard]] static Endpoint parse(std::string_view text);
    [[nodiscard]] bool is_ipv6() const noexcept { return address.ss_family == AF_INET6; }
    [[nodiscard]] std::string host() const; ///< the address without brackets or port
    [[nodiscard]] std::uint16_t port() const noexcept;
};

/// A connected UDP socket: it only ever receives datagrams from the server.
class UdpClient {
public:
    explicit UdpClient(const Endpoint& server);
    void send(std::span<const std::uint8_t> datagram);
    /// The next datagram, or nullopt when none arrived within `timeout`.
    [[nodiscard]] std::optional<Bytes> receive(milliseconds timeout);

private:
    UniqueFd fd_;
};

/// A TCP connection to the server.
class TcpClient {
public:
    /// Connects (blocking, bounded by the kernel's loopback handshake); throws on failure.
    explicit TcpClient(const Endpoint& server);
    /// Writes the bytes as they are, in one send (no length prefix added). False once the peer
    /// has closed or reset the connection.
    bool send_raw(std::span<const std::uint8_t> bytes);
    /// Writes one message with its two-octet length prefix.
    bool send_message(std::span<const std::uint8_t> message);
    /// Reads one length-prefixed message; nullopt on timeout, EOF or reset.
    [[nodiscard]] std::optional<Bytes> receive_message(milliseconds timeout);
    /// Waits for the server to close (EOF or reset) without sending anything: true when it did
    /// within `timeout`, false when data arrived or the connection stayed open.
    [[nodiscard]] bool wait_closed(milliseconds timeout);
    /// Whether any byte (or EOF) becomes readable within `timeout`.
    [[nodiscard]] bool is_readable(milliseconds timeout);

private:
    /// Reads exactly out.size() octets before the deadline; false on timeout, EOF or reset.
    bool read_exact(std::span<std::uint8_t> out, std::chrono::steady_clock::time_point deadline);
    UniqueFd fd_;
};

} // namespace dcvd::integration
