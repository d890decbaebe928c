// dns/udp_socket.hpp: one worker's UDP socket on one listen address: readable → recvmmsg a batch,
// answer it, sendmmsg it, again until the socket is drained. Hot path: no allocation, no lock,
// no syscall per packet beyond the batched ones.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "batch_context.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/base/warn_limiter.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/poll.hpp"
#include "udp_batch.hpp"

namespace dcvd::dns {

/// Owned by a worker, on its loop thread; neither copied nor moved (the poll callback holds it).
class UdpSocket {
public:
    /// Starts reading `socket`, bound to `address` (text, for logs).
    [[nodiscard]] static base::Result<std::unique_ptr<UdpSocket>>
    open(uv::Loop& loop, uv::Socket socket, bool with_packet_info, std::string address,
         BatchContext& batch, WorkerCounters& counters);
    /// Stops reading and closes the socket; responses still waiting for room are dropped.
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

private:
    UdpSocket(bool with_packet_info, std::string address, BatchContext& batch,
              WorkerCounters& counters);
    void on_ready(int status, int events) noexcept;
    void read_batches() noexcept;
    [[nodiscard]] bool send_queued() noexcept;
    void watch(int events) noexcept;
    void warn(const char* what, int error) noexcept;

    std::unique_ptr<UdpBatch> batch_buffers_;
    std::string address_;
    BatchContext& batch_;
    WorkerCounters& counters_;
    std::shared_ptr<spdlog::logger> log_;
    base::WarnLimiter warnings_;
    uv::Owned<uv::Poll> poll_; // last: closed first, before the buffers its callback uses
};

} // namespace dcvd::dns
