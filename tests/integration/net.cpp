// integration/net.cpp: blocking sockets whose every read waits in poll() with a deadline.
#include "net.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "support/tcp_frame.hpp"

namespace dcvd::integration {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

/// poll() for readability until the deadline; true when readable (data, EOF or error).
bool wait_readable(int fd, Clock::time_point deadline) {
    for (;;) {
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, remaining_ms(deadline));
        if (ready > 0) {
            return true;
        }
        if (ready == 0 || errno != EINTR) {
            return false;
        }
    }
}

UniqueFd open_socket(const Endpoint& server, int type) {
    UniqueFd fd(::socket(server.address.ss_family, type | SOCK_CLOEXEC, 0));
    if (!fd.is_open()) {
        throw_errno("socket");
    }
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&server.address), server.length) !=
        0) {
        throw_errno("connect " + server.text);
    }
    return fd;
}

} // namespace

Endpoint Endpoint::parse(std::string_view text) {
    Endpoint endpoint;
    endpoint.text = std::string(text);
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        throw std::invalid_argument("no port in address: " + endpoint.text);
    }
    const auto port = static_cast<std::uint16_t>(std::stoul(std::string(text.substr(colon + 1))));
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        if (::inet_pton(AF_INET6, std::string(host).c_str(), &v6.sin6_addr) != 1) {
            throw std::invalid_argument("bad IPv6 address: " + endpoint.text);
        }
        std::memcpy(&endpoint.address, &v6, sizeof v6);
        endpoint.length = sizeof v6;
    } else {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        if (::inet_pton(AF_INET, std::string(host).c_str(), &v4.sin_addr) != 1) {
            throw std::invalid_argument("bad IPv4 address: " + endpoint.text);
        }
        std::memcpy(&endpoint.address, &v4, sizeof v4);
        endpoint.length = sizeof v4;
    }
    return endpoint;
}

std::string Endpoint::host() const {
    const auto colon = text.rfind(':');
    auto host_part = text.substr(0, colon);
    if (is_ipv6()) {
        host_part = host_part.substr(1, host_part.size() - 2);
    }
    return host_part;
}

std::uint16_t Endpoint::port() const noexcept {
    if (is_ipv6()) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &address, sizeof v6);
        return ntohs(v6.sin6_port);
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &address, sizeof v4);
    return ntohs(v4.sin_port);
}

UdpClient::UdpClient(const Endpoint& server) : fd_(open_socket(server, SOCK_DGRAM)) {}

void UdpClient::send(std::span<const std::uint8_t> datagram) {
    if (::send(fd_.get(), datagram.data(), datagram.size(), 0) < 0) {
        throw_errno("send udp");
    }
}

std::optional<Bytes> UdpClient::receive(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes buffer(65535);
    while (wait_readable(fd_.get(), deadline)) {
        const auto got = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
        if (got >= 0) {
            buffer.resize(static_cast<std::size_t>(got));
            return buffer;
        }
        // A datagram sent before the server bound comes back as ECONNREFUSED: keep waiting.
        if (errno != EINTR && errno != ECONNREFUSED) {
            throw_errno("recv udp");
        }
    }
    return std::nullopt;
}

TcpClient::TcpClient(const Endpoint& server) : fd_(open_socket(server, SOCK_STREAM)) {
    // Each send() should leave as its own segment, so that split writes really arrive split.
    const int on = 1;
    ::setsockopt(fd_.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

bool TcpClient::send_raw(std::span<const std::uint8_t> bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd_.get(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

bool TcpClient::send_message(std::span<const std::uint8_t> message) {
    return send_raw(test::tcp_framed(message));
}

bool TcpClient::read_exact(std::span<std::uint8_t> out, Clock::time_point deadline) {
    std::size_t got = 0;
    while (got < out.size()) {
        if (!wait_readable(fd_.get(), deadline)) {
            return false;
        }
        const auto n = ::recv(fd_.get(), out.data() + got, out.size() - got, 0);
        if (n == 0) {
            return false;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        got += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<Bytes> TcpClient::receive_message(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::array<std::uint8_t, 2> prefix{};
    if (!read_exact(prefix, deadline)) {
        return std::nullopt;
    }
    Bytes message(static_cast<std::size_t>(prefix[0] << 8 | prefix[1]));
    if (!read_exact(message, deadline)) {
        return std::nullopt;
    }
    return message;
}

bool TcpClient::wait_closed(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (!wait_readable(fd_.get(), deadline)) {
            return false;
        }
        std::uint8_t octet = 0;
        const auto n = ::recv(fd_.get(), &octet, 1, 0);
        if (n == 0) {
            return true;
        }
        if (n > 0) {
            return false;
        }
        if (errno != EINTR) {
            return errno == ECONNRESET || errno == EPIPE;
        }
    }
}

bool TcpClient::is_readable(milliseconds timeout) {
    return wait_readable(fd_.get(), Clock::now() + timeout);
}

} // namespace dcvd::integration
