// dns/udp_socket.cpp: the UDP read/answer/send cycle. Hot path: per batch one recvmmsg, one
// sendmmsg, one store renew/reset; per packet only answer().
#include "udp_socket.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "dcvd/uv/error.hpp"

namespace dcvd::dns {
namespace {

/// Batches read per readiness callback before the loop serves other handles (TCP, stop): the
/// poll is level-triggered, so what is left wakes us again on the next iteration.
constexpr int max_batches_per_wakeup = 16;

} // namespace

base::Result<std::unique_ptr<UdpSocket>> UdpSocket::open(uv::Loop& loop, uv::Socket socket,
                                                         bool with_packet_info, std::string address,
                                                         BatchContext& batch,
                                                         WorkerCounters& counters) {
    std::unique_ptr<UdpSocket> udp(
        new UdpSocket(with_packet_info, std::move(address), batch, counters));
    auto poll =
        uv::Poll::create(loop, std::move(socket), [raw = udp.get()](int status, int events) {
            raw->on_ready(status, events);
        });
    if (!poll) {
        return base::unexpected(std::move(poll).error());
    }
    udp->poll_ = std::move(*poll);
    if (const int status = udp->poll_->start(UV_READABLE); status != 0) {
        return base::Unexpected{
            uv::uv_failure(fmt::format("uv_poll_start udp {}", udp->address_), status)};
    }
    return udp;
}

UdpSocket::UdpSocket(bool with_packet_info, std::string address, BatchContext& batch,
                     WorkerCounters& counters)
    : batch_buffers_(std::make_unique<UdpBatch>(with_packet_info)), address_(std::move(address)),
      batch_(batch), counters_(counters), log_(base::logger("dns")) {}

UdpSocket::~UdpSocket() {
    counters_.dropped.add(batch_buffers_->discard());
}

void UdpSocket::on_ready(int status, int events) noexcept {
    if (status < 0) {
        // libuv stopped the poll on POLLERR: take the socket's error (clearing it), report it
        // and watch again, rather than go deaf.
        int error = 0;
        socklen_t length = sizeof error;
        static_cast<void>(getsockopt(poll_->fd(), SOL_SOCKET, SO_ERROR, &error, &length));
        warn("poll", error != 0 ? error : -status);
        watch(batch_buffers_->has_pending() ? UV_WRITABLE : UV_READABLE);
        return;
    }
    if ((events & UV_WRITABLE) != 0) {
        if (!send_queued()) {
            return;
        }
        watch(UV_READABLE);
    }
    read_batches();
}

void UdpSocket::read_batches() noexcept {
    UdpBatch& buffers = *batch_buffers_;
    const int fd = poll_->fd();
    for (int round = 0; round < max_batches_per_wakeup; ++round) {
        const int received = buffers.receive(fd);
        if (received <= 0) {
            if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                warn("recvmmsg", errno);
            }
            return;
        }
        const auto count = static_cast<std::size_t>(received);
        batch_.begin();
        for (std::size_t i = 0; i < count; ++i) {
            const auto query = buffers.query(i);
            if (query.empty()) {
                counters_.count_dropped(Transport::Udp); // cut: larger than any query we take
                continue;
            }
            if (const auto length = batch_.answer(query, buffers.response(i), Transport::Udp);
                length > 0) {
                buffers.queue(i, length);
            }
        }
        batch_.end();
        if (!send_queued()) {
            watch(UV_WRITABLE); // stop reading until the socket buffer has room again
            return;
        }
        if (count < UdpBatch::capacity) {
            return; // drained; saves the recvmmsg that would return EAGAIN
        }
    }
}

bool UdpSocket::send_queued() noexcept {
    std::size_t failed = 0;
    int error = 0;
    const bool done = batch_buffers_->send(poll_->fd(), failed, error);
    if (failed > 0) {
        counters_.dropped.add(failed);
        warn("sendmmsg", error);
    }
    return done;
}

void UdpSocket::watch(int events) noexcept {
    if (const int status = poll_->start(events); status != 0) {
        warn("poll start", -status);
    }
}

void UdpSocket::warn(const char* what, int error) noexcept {
    std::uint64_t suppressed = 0;
    if (warnings_.allow(suppressed)) {
        log_->warn("dns udp {} failed address={} error=\"{}\" suppressed={}", what, address_,
                   std::generic_category().message(error), suppressed);
    }
}

} // namespace dcvd::dns
