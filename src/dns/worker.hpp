// dns/worker.hpp: one DNS worker: a libuv loop on its own thread serving its own UDP and TCP
// sockets of every listen address, until asked to stop.
#pragma once

#include <memory>
#include <vector>

#include "batch_context.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/dns/server.hpp"
#include "dcvd/uv/async.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/stream_listener.hpp"
#include "listen_sockets.hpp"
#include "tcp_connections.hpp"
#include "udp_socket.hpp"

namespace dcvd::dns {

/// Created, run and destroyed on its own thread; only request_stop() may be called elsewhere.
class Worker {
public:
    /// Adopts the sockets and opens the store view; throws std::runtime_error when LMDB cannot.
    [[nodiscard]] static base::Result<std::unique_ptr<Worker>>
    create(const ServerOptions& options, std::vector<ListenSockets> sockets, store::Env& env,
           ZoneSlot& zones, WorkerCounters& counters);
    /// Closes whatever is still open and waits for the close callbacks.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Serves until request_stop(); returns once every handle is closed.
    void run() noexcept;
    /// Any thread, between create() and the end of run(): wakes the loop, which stops reading,
    /// closes listeners and connections (the batch under way is answered first) and returns.
    void request_stop() noexcept;

private:
    Worker(const ServerOptions& options, store::Env& env, ZoneSlot& zones,
           WorkerCounters& counters);
    void close_all() noexcept;

    // Declaration order is destruction order reversed: the loop goes last.
    uv::Loop loop_;
    BatchContext batch_;
    TcpConnections connections_;
    std::vector<std::unique_ptr<UdpSocket>> udp_;
    std::vector<uv::Owned<uv::StreamListener>> listeners_;
    uv::Owned<uv::Async> stop_signal_;
};

} // namespace dcvd::dns
