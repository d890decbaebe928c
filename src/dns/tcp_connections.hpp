// dns/tcp_connections.hpp: one worker's TCP connections: the cap per worker, the pool of their
// buffers (allocated per connection at most, reused after), and closing them all at stop.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <uv.h>

#include "batch_context.hpp"
#include "dcvd/dns/answer.hpp"
#include "dcvd/uv/loop.hpp"
#include "worker_counters.hpp"

namespace dcvd::dns {

class TcpConnection;

/// RFC 1035 §4.2.2 / RFC 7766 §8: a two-octet length prefix, then up to 65535 octets.
inline constexpr std::size_t tcp_frame_max = 2 + max_tcp_response;

/// A connection's buffers: the input holds any one whole message; the output holds one
/// largest response plus room to gather pipelined small ones into a single write.
struct TcpBuffers {
    std::array<std::uint8_t, tcp_frame_max> input;
    std::array<std::uint8_t, tcp_frame_max + 16384> output;
};

struct TcpLimits {
    std::size_t max_connections = 0;
    std::chrono::milliseconds idle_timeout{0};
};

/// Owned by a worker, on its loop thread; outlives every connection (the worker closes them all
/// and runs its loop before destroying this).
class TcpConnections {
public:
    TcpConnections(uv::Loop& loop, BatchContext& batch, WorkerCounters& counters, TcpLimits limits);
    ~TcpConnections();
    TcpConnections(const TcpConnections&) = delete;
    TcpConnections& operator=(const TcpConnections&) = delete;

    /// Accepts the connection waiting on `server`; at the cap, accepts it and closes it at once
    /// (counted), since libuv stops watching a listener whose connection is left pending.
    void accept(uv_stream_t* server) noexcept;
    /// Closes every connection; their memory goes in their close callbacks.
    void close_all() noexcept;

    [[nodiscard]] uv::Loop& loop() noexcept { return loop_; }
    [[nodiscard]] BatchContext& batch() noexcept { return batch_; }
    [[nodiscard]] const TcpLimits& limits() const noexcept { return limits_; }

    /// For TcpConnection's constructor and destructor.
    [[nodiscard]] std::unique_ptr<TcpBuffers> attach(TcpConnection& connection);
    void detach(TcpConnection& connection, std::unique_ptr<TcpBuffers> buffers) noexcept;

private:
    uv::Loop& loop_;
    BatchContext& batch_;
    WorkerCounters& counters_;
    TcpLimits limits_;
    std::vector<TcpConnection*> live_; // each knows its index (swap-and-pop removal)
    std::vector<std::unique_ptr<TcpBuffers>> spare_;
};

} // namespace dcvd::dns
