// checker/dns_transport.hpp: the two ways a query travels. A UdpPort is one connected UDP socket
// (so the kernel delivers only the server's datagrams, and an ICMP refusal comes back as an
// error); a TcpLink is one TCP connection carrying one length-prefixed query (RFC 1035 §4.2.2)
// and reading the replies that come back. Both live on the heap and die in their close callback
// (uv::HandleOwner); once closing they call nobody.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <uv.h>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/loop.hpp"

namespace dcvd::checker {

/// A reply's octets; `truncated` when it did not fit the receive buffer (a UDP datagram only).
using OnMessage = std::function<void(std::span<const std::uint8_t> message, bool truncated)>;
/// A libuv status (negative errno): refused, unreachable, reset, closed early.
using OnFailure = std::function<void(int status)>;

class UdpPort final : public uv::HandleOwner {
public:
    /// Bound to an ephemeral port of the kernel's choosing (random on Linux) and connected to
    /// `server`, receiving.
    [[nodiscard]] static base::Result<uv::Owned<UdpPort>>
    open(uv::Loop& loop, const uv::Endpoint& server, OnMessage on_message, OnFailure on_failure);
    /// Sends one datagram; a failure to send arrives through OnFailure.
    void send(std::vector<std::uint8_t> datagram);

private:
    UdpPort(OnMessage on_message, OnFailure on_failure)
        : on_message_(std::move(on_message)), on_failure_(std::move(on_failure)) {}
    static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buffer) noexcept;
    static void on_receive(uv_udp_t* handle, ssize_t nread, const uv_buf_t* buffer,
                           const sockaddr* from, unsigned flags) noexcept;
    static void on_sent(uv_udp_send_t* request, int status) noexcept;

    uv_udp_t handle_{};
    uv_udp_send_t send_request_{};
    std::vector<std::uint8_t> outgoing_;
    // Larger than the 1232 octets we advertise: a server that ignores EDNS and sends more is
    // seen as truncated (UV_UDP_PARTIAL) and asked again over TCP.
    std::array<std::uint8_t, 4096> incoming_{};
    OnMessage on_message_;
    OnFailure on_failure_;
};

class TcpLink final : public uv::HandleOwner {
public:
    /// Connects to `server`, sends `query` with its two-octet length, and reads replies.
    [[nodiscard]] static base::Result<uv::Owned<TcpLink>>
    open(uv::Loop& loop, const uv::Endpoint& server, std::vector<std::uint8_t> query,
         OnMessage on_message, OnFailure on_failure);

private:
    TcpLink(std::vector<std::uint8_t> framed, OnMessage on_message, OnFailure on_failure)
        : outgoing_(std::move(framed)), on_message_(std::move(on_message)),
          on_failure_(std::move(on_failure)) {}
    static void on_connected(uv_connect_t* request, int status) noexcept;
    static void on_written(uv_write_t* request, int status) noexcept;
    static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buffer) noexcept;
    static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buffer) noexcept;
    void deliver_complete_messages();

    uv_tcp_t handle_{};
    uv_connect_t connect_request_{};
    uv_write_t write_request_{};
    std::vector<std::uint8_t> outgoing_;
    std::vector<std::uint8_t> incoming_; // octets read and not yet delivered
    std::size_t filled_ = 0;
    OnMessage on_message_;
    OnFailure on_failure_;
};

} // namespace dcvd::checker
