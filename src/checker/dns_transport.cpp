// checker/dns_transport.cpp: one UDP socket or one TCP connection per attempt.
#include "dns_transport.hpp"

#include <cstring>

#include "dcvd/uv/error.hpp"

namespace dcvd::checker {
namespace {

constexpr std::size_t length_prefix = 2; // RFC 1035 §4.2.2

uv::Endpoint any_address_like(const uv::Endpoint& server) {
    auto any = uv::Endpoint::parse(server.family() == AF_INET6 ? "[::]:0" : "0.0.0.0:0");
    return *any; // both texts parse
}

} // namespace

base::Result<uv::Owned<UdpPort>> UdpPort::open(uv::Loop& loop, const uv::Endpoint& server,
                                               OnMessage on_message, OnFailure on_failure) {
    std::unique_ptr<UdpPort> fresh(new UdpPort(std::move(on_message), std::move(on_failure)));
    if (const int status =
            uv_udp_init_ex(loop.get(), &fresh->handle_, static_cast<unsigned>(server.family()));
        status != 0) {
        return base::Unexpected{uv::uv_failure("uv_udp_init_ex", status)};
    }
    fresh->adopt(&fresh->handle_);
    uv::Owned<UdpPort> port(fresh.release());
    const auto any = any_address_like(server);
    if (const int status = uv_udp_bind(&port->handle_, any.address(), 0); status != 0) {
        return base::Unexpected{uv::uv_failure("uv_udp_bind", status)};
    }
    if (const int status = uv_udp_connect(&port->handle_, server.address()); status != 0) {
        return base::Unexpected{uv::uv_failure("uv_udp_connect " + server.to_string(), status)};
    }
    if (const int status =
            uv_udp_recv_start(&port->handle_, &UdpPort::on_alloc, &UdpPort::on_receive);
        status != 0) {
        return base::Unexpected{uv::uv_failure("uv_udp_recv_start", status)};
    }
    return port;
}

void UdpPort::send(std::vector<std::uint8_t> datagram) {
    outgoing_ = std::move(datagram);
    const uv_buf_t buffer = uv_buf_init(reinterpret_cast<char*>(outgoing_.data()),
                                        static_cast<unsigned>(outgoing_.size()));
    // Connected: no address here (libuv requires nullptr for a connected handle).
    if (const int status =
            uv_udp_send(&send_request_, &handle_, &buffer, 1, nullptr, &UdpPort::on_sent);
        status != 0) {
        on_failure_(status);
    }
}

void UdpPort::on_alloc(uv_handle_t* handle, std::size_t /*suggested*/, uv_buf_t* buffer) noexcept {
    auto& port = of<UdpPort>(handle);
    *buffer = uv_buf_init(reinterpret_cast<char*>(port.incoming_.data()),
                          static_cast<unsigned>(port.incoming_.size()));
}

void UdpPort::on_receive(uv_udp_t* handle, ssize_t nread, const uv_buf_t* /*buffer*/,
                         const sockaddr* from, unsigned flags) noexcept {
    auto& port = of<UdpPort>(handle);
    if (port.is_closing()) {
        return;
    }
    if (nread < 0) {
        port.on_failure_(static_cast<int>(nread)); // e.g. ECONNREFUSED from an ICMP refusal
        return;
    }
    if (from == nullptr) {
        return; // nothing more to read this time (nread 0, no address)
    }
    port.on_message_(
        std::span<const std::uint8_t>(port.incoming_.data(), static_cast<std::size_t>(nread)),
        (flags & UV_UDP_PARTIAL) != 0);
}

void UdpPort::on_sent(uv_udp_send_t* request, int status) noexcept {
    auto& port = of<UdpPort>(request->handle);
    if (status != 0 && !port.is_closing()) {
        port.on_failure_(status);
    }
}

base::Result<uv::Owned<TcpLink>> TcpLink::open(uv::Loop& loop, const uv::Endpoint& server,
                                               std::vector<std::uint8_t> query,
                                               OnMessage on_message, OnFailure on_failure) {
    std::vector<std::uint8_t> framed(length_prefix + query.size());
    framed[0] = static_cast<std::uint8_t>(query.size() >> 8U);
    framed[1] = static_cast<std::uint8_t>(query.size() & 0xffU);
    std::memcpy(framed.data() + length_prefix, query.data(), query.size());
    std::unique_ptr<TcpLink> fresh(
        new TcpLink(std::move(framed), std::move(on_message), std::move(on_failure)));
    if (const int status = uv_tcp_init(loop.get(), &fresh->handle_); status != 0) {
        return base::Unexpected{uv::uv_failure("uv_tcp_init", status)};
    }
    fresh->adopt(&fresh->handle_);
    uv::Owned<TcpLink> link(fresh.release());
    if (const int status = uv_tcp_connect(&link->connect_request_, &link->handle_, server.address(),
                                          &TcpLink::on_connected);
        status != 0) {
        return base::Unexpected{uv::uv_failure("uv_tcp_connect " + server.to_string(), status)};
    }
    return link;
}

void TcpLink::on_connected(uv_connect_t* request, int status) noexcept {
    auto& link = of<TcpLink>(request->handle);
    if (link.is_closing()) {
        return; // cancelled (UV_ECANCELED) by close()
    }
    if (status != 0) {
        link.on_failure_(status);
        return;
    }
    static_cast<void>(uv_tcp_nodelay(&link.handle_, 1));
    const uv_buf_t buffer = uv_buf_init(reinterpret_cast<char*>(link.outgoing_.data()),
                                        static_cast<unsigned>(link.outgoing_.size()));
    const auto stream = reinterpret_cast<uv_stream_t*>(&link.handle_);
    if (const int wrote = uv_write(&link.write_request_, stream, &buffer, 1, &TcpLink::on_written);
        wrote != 0) {
        link.on_failure_(wrote);
        return;
    }
    if (const int reading = uv_read_start(stream, &TcpLink::on_alloc, &TcpLink::on_read);
        reading != 0) {
        link.on_failure_(reading);
    }
}

void TcpLink::on_written(uv_write_t* request, int status) noexcept {
    auto& link = of<TcpLink>(request->handle);
    if (status != 0 && !link.is_closing()) {
        link.on_failure_(status);
    }
}

void TcpLink::on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buffer) noexcept {
    auto& link = of<TcpLink>(handle);
    if (link.incoming_.size() < link.filled_ + suggested) {
        link.incoming_.resize(link.filled_ + suggested);
    }
    *buffer = uv_buf_init(reinterpret_cast<char*>(link.incoming_.data() + link.filled_),
                          static_cast<unsigned>(link.incoming_.size() - link.filled_));
}

void TcpLink::on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* /*buffer*/) noexcept {
    auto& link = of<TcpLink>(stream);
    if (link.is_closing()) {
        return;
    }
    if (nread < 0) {
        link.on_failure_(
            static_cast<int>(nread)); // UV_EOF: the server closed before a reply of ours
        return;
    }
    link.filled_ += static_cast<std::size_t>(nread);
    link.deliver_complete_messages();
}

void TcpLink::deliver_complete_messages() {
    std::size_t offset = 0;
    while (!is_closing() && filled_ - offset >= length_prefix) {
        const std::size_t size = (std::size_t{incoming_[offset]} << 8U) | incoming_[offset + 1];
        if (filled_ - offset < length_prefix + size) {
            break;
        }
        // The callback may close this link (and so end the loop), never delete it: the close
        // callback does that later.
        on_message_(std::span<const std::uint8_t>(incoming_.data() + offset + length_prefix, size),
                    false);
        offset += length_prefix + size;
    }
    if (offset > 0 && !is_closing()) {
        std::memmove(incoming_.data(), incoming_.data() + offset, filled_ - offset);
        filled_ -= offset;
    }
}

} // namespace dcvd::checker
