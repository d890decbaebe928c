// dns/udp_batch.cpp: recvmmsg/sendmmsg over preallocated buffers, with the destination address
// carried from query to reply on wildcard sockets. Hot path: no allocation, no lock.
#include "udp_batch.hpp"

#include <cerrno>
#include <cstring>

namespace dcvd::dns {

UdpBatch::UdpBatch(bool with_packet_info) noexcept : with_packet_info_(with_packet_info) {
    for (std::size_t i = 0; i < capacity; ++i) {
        query_iov_[i] = iovec{queries_[i].data(), queries_[i].size()};
        auto& header = received_[i].msg_hdr;
        header.msg_name = &peers_[i];
        header.msg_iov = &query_iov_[i];
        header.msg_iovlen = 1;
        if (with_packet_info_) {
            header.msg_control = received_control_[i].bytes.data();
        }
    }
}

int UdpBatch::receive(int fd) noexcept {
    // The kernel overwrites the lengths with what it wrote: restore the room on every call.
    for (auto& message : received_) {
        message.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        message.msg_hdr.msg_controllen = with_packet_info_ ? sizeof(Control::bytes) : 0;
    }
    return recvmmsg(fd, received_.data(), capacity, MSG_DONTWAIT, nullptr);
}

std::span<const std::uint8_t> UdpBatch::query(std::size_t index) const noexcept {
    const auto& message = received_[index];
    if ((message.msg_hdr.msg_flags & MSG_TRUNC) != 0) {
        return {};
    }
    return {queries_[index].data(), message.msg_len};
}

void UdpBatch::queue(std::size_t index, std::size_t length) noexcept {
    response_iov_[queued_] = iovec{responses_[index].data(), length};
    auto& reply = replies_[queued_].msg_hdr;
    reply = msghdr{};
    reply.msg_name = &peers_[index];
    reply.msg_namelen = received_[index].msg_hdr.msg_namelen;
    reply.msg_iov = &response_iov_[queued_];
    reply.msg_iovlen = 1;
    if (with_packet_info_) {
        copy_destination(index, reply);
    }
    ++queued_;
}

void UdpBatch::copy_destination(std::size_t index, msghdr& reply) noexcept {
    msghdr& query = received_[index].msg_hdr;
    cmsghdr* found = CMSG_FIRSTHDR(&query);
    while (found != nullptr &&
           !(found->cmsg_level == IPPROTO_IP && found->cmsg_type == IP_PKTINFO) &&
           !(found->cmsg_level == IPPROTO_IPV6 && found->cmsg_type == IPV6_PKTINFO)) {
        found = CMSG_NXTHDR(&query, found);
    }
    if (found == nullptr) {
        return; // the kernel always sends it once enabled; without it routing picks the source
    }
    reply.msg_control = reply_control_[queued_].bytes.data();
    reply.msg_controllen = sizeof(Control::bytes);
    cmsghdr* out = CMSG_FIRSTHDR(&reply);
    out->cmsg_level = found->cmsg_level;
    out->cmsg_type = found->cmsg_type;
    if (found->cmsg_level == IPPROTO_IP) {
        in_pktinfo received{};
        std::memcpy(&received, CMSG_DATA(found), sizeof received);
        // The query's destination becomes the reply's source; routing picks the interface.
        in_pktinfo source{};
        source.ipi_spec_dst = received.ipi_addr;
        out->cmsg_len = CMSG_LEN(sizeof source);
        std::memcpy(CMSG_DATA(out), &source, sizeof source);
        reply.msg_controllen = CMSG_SPACE(sizeof source);
    } else {
        // Address and interface as received: the interface matters for link-local peers.
        out->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
        std::memcpy(CMSG_DATA(out), CMSG_DATA(found), sizeof(in6_pktinfo));
        reply.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
    }
}

bool UdpBatch::send(int fd, std::size_t& failed, int& error) noexcept {
    while (sent_ < queued_) {
        const int count =
            sendmmsg(fd, &replies_[sent_], static_cast<unsigned>(queued_ - sent_), MSG_DONTWAIT);
        if (count > 0) {
            sent_ += static_cast<std::size_t>(count);
            continue;
        }
        const int saved = errno;
        if (saved == EAGAIN || saved == EWOULDBLOCK) {
            return false;
        }
        if (saved != EINTR) {
            // sendmmsg reports an error only for the first message it could not send.
            ++sent_;
            ++failed;
            error = saved;
        }
    }
    queued_ = sent_ = 0;
    return true;
}

std::size_t UdpBatch::discard() noexcept {
    const std::size_t left = queued_ - sent_;
    queued_ = sent_ = 0;
    return left;
}

} // namespace dcvd::dns
