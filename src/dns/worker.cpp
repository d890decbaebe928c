// dns/worker.cpp: a worker's set-up, run and orderly stop.
#include "worker.hpp"

#include "dcvd/base/log.hpp"

namespace dcvd::dns {

base::Result<std::unique_ptr<Worker>> Worker::create(const ServerOptions& options,
                                                     std::vector<ListenSockets> sockets,
                                                     store::Env& env, ZoneSlot& zones,
                                                     WorkerCounters& counters) {
    std::unique_ptr<Worker> worker(new Worker(options, env, zones, counters));
    auto signal = uv::Async::create(worker->loop_, [raw = worker.get()] { raw->close_all(); });
    if (!signal) {
        return base::unexpected(std::move(signal).error());
    }
    worker->stop_signal_ = std::move(*signal);
    for (auto& listen : sockets) {
        auto udp = UdpSocket::open(worker->loop_, std::move(listen.udp), listen.is_wildcard,
                                   listen.address, worker->batch_, counters);
        if (!udp) {
            return base::unexpected(std::move(udp).error());
        }
        worker->udp_.push_back(std::move(*udp));
        auto listener = uv::StreamListener::open(
            worker->loop_, std::move(listen.tcp), listen.address, base::logger("dns"),
            [connections = &worker->connections_](uv_stream_t* server) {
                connections->accept(server);
            });
        if (!listener) {
            return base::unexpected(std::move(listener).error());
        }
        worker->listeners_.push_back(std::move(*listener));
    }
    return worker;
}

Worker::Worker(const ServerOptions& options, store::Env& env, ZoneSlot& zones,
               WorkerCounters& counters)
    : batch_(env, zones, options.edns_payload, counters),
      connections_(loop_, batch_, counters,
                   TcpLimits{options.tcp_max_connections, options.tcp_idle_timeout}) {}

Worker::~Worker() {
    close_all();
    loop_.run(); // close callbacks: connections leave connections_ before it goes
}

void Worker::run() noexcept {
    loop_.run();
}

void Worker::request_stop() noexcept {
    stop_signal_->send();
}

void Worker::close_all() noexcept {
    udp_.clear();
    listeners_.clear();
    connections_.close_all();
    stop_signal_.reset();
}

} // namespace dcvd::dns
