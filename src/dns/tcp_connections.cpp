// dns/tcp_connections.cpp: the cap, the buffer pool and the list of live connections.
#include "tcp_connections.hpp"

#include <cassert>

#include "dcvd/uv/handle.hpp"
#include "tcp_connection.hpp"

namespace dcvd::dns {
namespace {

/// Buffers kept for reuse after a burst of connections ends (the rest are freed).
constexpr std::size_t max_spare_buffers = 16;

/// A connection over the cap: accepted only to be closed.
class RejectedConnection final : public uv::HandleOwner {
public:
    static void accept_and_close(uv::Loop& loop, uv_stream_t* server) noexcept {
        auto* rejected = new RejectedConnection();
        [[maybe_unused]] const int initialised = uv_tcp_init(loop.get(), &rejected->handle_);
        assert(initialised == 0); // AF_UNSPEC: no socket is created yet, nothing can fail
        rejected->adopt(&rejected->handle_);
        static_cast<void>(uv_accept(server, reinterpret_cast<uv_stream_t*>(&rejected->handle_)));
        rejected->close();
    }

private:
    RejectedConnection() = default;
    uv_tcp_t handle_{};
};

} // namespace

TcpConnections::TcpConnections(uv::Loop& loop, BatchContext& batch, WorkerCounters& counters,
                               TcpLimits limits)
    : loop_(loop), batch_(batch), counters_(counters), limits_(limits) {
    live_.reserve(limits.max_connections);
    spare_.reserve(max_spare_buffers);
}

TcpConnections::~TcpConnections() {
    assert(live_.empty()); // connections point here until their close callbacks ran
}

void TcpConnections::accept(uv_stream_t* server) noexcept {
    if (live_.size() >= limits_.max_connections) {
        counters_.tcp_rejected.add();
        RejectedConnection::accept_and_close(loop_, server);
        return;
    }
    TcpConnection::accept(server, *this);
}

void TcpConnections::close_all() noexcept {
    for (TcpConnection* connection : live_) {
        connection->close();
    }
}

std::unique_ptr<TcpBuffers> TcpConnections::attach(TcpConnection& connection) {
    connection.index = live_.size();
    live_.push_back(&connection);
    if (spare_.empty()) {
        return std::make_unique_for_overwrite<TcpBuffers>(); // no need to zero 80 KiB
    }
    auto buffers = std::move(spare_.back());
    spare_.pop_back();
    return buffers;
}

void TcpConnections::detach(TcpConnection& connection,
                            std::unique_ptr<TcpBuffers> buffers) noexcept {
    assert(live_[connection.index] == &connection);
    live_[connection.index] = live_.back();
    live_[connection.index]->index = connection.index;
    live_.pop_back();
    if (spare_.size() < max_spare_buffers) {
        spare_.push_back(std::move(buffers)); // capacity reserved: never allocates
    }
}

} // namespace dcvd::dns
