// dns/udp_batch.hpp: the buffers of one UDP socket, allocated once: up to 64 datagrams taken by
// one recvmmsg and their responses given to sendmmsg. Hot path: no allocation, no lock.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dcvd/dns/answer.hpp"

namespace dcvd::dns {

class UdpBatch {
public:
    static constexpr std::size_t capacity = 64;
    /// Larger datagrams arrive cut (MSG_TRUNC) and are dropped: queries are far smaller (a
    /// question and an OPT), and 4096 is the largest EDNS payload commonly advertised.
    static constexpr std::size_t max_query = 4096;

    /// `with_packet_info`: the socket is bound to a wildcard address and delivers IP_PKTINFO /
    /// IPV6_PKTINFO, which replies carry back so that they leave from the address asked.
    explicit UdpBatch(bool with_packet_info) noexcept;
    UdpBatch(const UdpBatch&) = delete;
    UdpBatch& operator=(const UdpBatch&) = delete;

    /// recvmmsg(MSG_DONTWAIT) into the buffers: the number of datagrams, or -1 with errno set.
    /// Only while nothing is pending: responses point into the receive buffers' peers.
    [[nodiscard]] int receive(int fd) noexcept;
    /// Datagram `index` of the last receive; empty when it was cut (larger than max_query).
    [[nodiscard]] std::span<const std::uint8_t> query(std::size_t index) const noexcept;
    /// Where the response to datagram `index` is written (max_udp_response octets).
    [[nodiscard]] std::span<std::uint8_t> response(std::size_t index) noexcept {
        return responses_[index];
    }
    /// Queues the first `length` octets of response(index) for the peer of datagram `index`.
    void queue(std::size_t index, std::size_t length) noexcept;

    [[nodiscard]] bool has_pending() const noexcept { return sent_ < queued_; }
    /// sendmmsg(MSG_DONTWAIT) of the queued responses. Returns false when the socket buffer is
    /// full with some left (retry when writable); a response the kernel refuses for another
    /// reason (unreachable peer...) is skipped and counted in `failed`, its errno in `error`.
    [[nodiscard]] bool send(int fd, std::size_t& failed, int& error) noexcept;
    /// Forgets the queued responses not yet sent and returns how many there were.
    std::size_t discard() noexcept;

private:
    // CMSG_SPACE of the larger pktinfo; cmsghdr alignment as CMSG_FIRSTHDR expects.
    struct alignas(cmsghdr) Control {
        std::array<std::uint8_t, CMSG_SPACE(sizeof(in6_pktinfo))> bytes;
    };
    void copy_destination(std::size_t index, msghdr& reply) noexcept;

    bool with_packet_info_;
    std::size_t queued_ = 0;
    std::size_t sent_ = 0;
    std::array<mmsghdr, capacity> received_{};
    std::array<iovec, capacity> query_iov_{};
    std::array<sockaddr_storage, capacity> peers_{};
    std::array<Control, capacity> received_control_{};
    std::array<std::array<std::uint8_t, max_query>, capacity> queries_; // not zeroed: 256 KiB
    std::array<mmsghdr, capacity> replies_{};
    std::array<iovec, capacity> response_iov_{};
    std::array<Control, capacity> reply_control_{};
    std::array<std::array<std::uint8_t, max_udp_response>, capacity> responses_; // not zeroed
};

} // namespace dcvd::dns
