// dns/tcp_connection.hpp: one DNS-over-TCP connection (RFC 7766): a stream of messages with
// two-octet length prefixes, answered in order, gathered into few writes, closed when idle.
// Allocation: the object and its timer per connection, buffers from the worker's pool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <uv.h>

#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/timer.hpp"
#include "tcp_connections.hpp"

namespace dcvd::dns {

/// Loop thread only. Dies in its close callback, which waits for a pending write's callback.
class TcpConnection final : public uv::HandleOwner {
public:
    /// Accepts the connection waiting on `server` and starts serving it; on failure the new
    /// connection closes itself.
    static void accept(uv_stream_t* server, TcpConnections& table) noexcept;

    /// Position in the table's list of live connections (maintained by the table).
    std::size_t index = 0;

private:
    explicit TcpConnection(TcpConnections& table);
    ~TcpConnection() override;

    [[nodiscard]] uv_stream_t* stream() noexcept {
        return reinterpret_cast<uv_stream_t*>(&handle_);
    }
    void serve() noexcept;
    void write_output() noexcept;
    void after_output() noexcept;
    void start_reading() noexcept;
    void stop_reading() noexcept;
    void on_idle_timer() noexcept;

    static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buffer) noexcept;
    static void on_read(uv_stream_t* stream, ssize_t length, const uv_buf_t* buffer) noexcept;
    static void on_written(uv_write_t* request, int status) noexcept;

    uv_tcp_t handle_{};
    uv_write_t write_request_{};
    TcpConnections& table_;
    std::unique_ptr<TcpBuffers> buffers_;
    uv::Owned<uv::Timer> idle_timer_;
    std::uint64_t last_query_ms_ = 0; ///< loop time of the last complete query (idle timeout)
    std::size_t input_begin_ = 0;     ///< unprocessed input is [input_begin_, input_end_)
    std::size_t input_end_ = 0;
    std::size_t output_used_ = 0; ///< framed responses gathered in output, not yet written
    bool is_reading_ = false;
    bool is_writing_ = false;    ///< output belongs to libuv until on_written
    bool is_input_done_ = false; ///< the peer half-closed or broke framing: finish, then close
};

} // namespace dcvd::dns
