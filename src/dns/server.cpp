// dns/server.cpp: binds every socket, starts one thread per worker, stops and joins them.
#include "dcvd/dns/server.hpp"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <future>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "listen_sockets.hpp"
#include "worker.hpp"
#include "worker_counters.hpp"

namespace dcvd::dns {

struct Server::Impl {
    Impl(ServerOptions options_in, store::Env& env_in, ZoneSlot& zones_in)
        : options(std::move(options_in)), env(env_in), zones(zones_in), log(base::logger("dns")) {}

    ServerOptions options;
    store::Env& env;
    ZoneSlot& zones;
    std::shared_ptr<spdlog::logger> log;
    std::vector<BoundAddress> bound;
    std::vector<std::unique_ptr<WorkerCounters>> counters; // outlive the workers: stats()
    std::vector<std::thread> threads;
    std::vector<Worker*> workers; // from ready to the end of their thread: request_stop() only
    bool is_running = false;

    void stop_workers() {
        for (Worker* worker : workers) {
            if (worker != nullptr) {
                worker->request_stop();
            }
        }
        for (auto& thread : threads) {
            thread.join();
        }
        threads.clear();
        workers.clear();
    }
};

namespace {

using Ready = std::promise<base::Result<Worker*>>;

/// A worker thread: builds its worker (LMDB and libuv objects stay on the thread that made
/// them), reports through `ready`, then serves until stopped.
void run_worker(unsigned index, const ServerOptions& options, std::vector<ListenSockets> sockets,
                store::Env& env, ZoneSlot& zones, WorkerCounters& counters, Ready& ready) {
    const auto name = fmt::format("dcvd-dns-{}", index);
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    std::unique_ptr<Worker> worker;
    try {
        auto created = Worker::create(options, std::move(sockets), env, zones, counters);
        if (!created) {
            ready.set_value(base::unexpected(std::move(created).error()));
            return;
        }
        worker = std::move(*created);
    } catch (const std::exception& failure) {
        ready.set_value(base::unexpected(base::ErrorCode::Unavailable,
                                         fmt::format("dns worker {}: {}", index, failure.what())));
        return;
    }
    ready.set_value(worker.get());
    worker->run();
}

} // namespace

Server::Server(ServerOptions options, store::Env& env, ZoneSlot& zones)
    : impl_(std::make_unique<Impl>(std::move(options), env, zones)) {}

Server::~Server() {
    stop();
}

base::Result<void> Server::start() {
    Impl& impl = *impl_;
    if (impl.is_running) {
        return base::unexpected(base::ErrorCode::Conflict, "dns server already started");
    }
    unsigned workers = impl.options.workers;
    if (workers == 0) {
        workers = std::max(1U, std::thread::hardware_concurrency());
    }
    auto sockets = bind_listen_sockets(impl.options, workers);
    if (!sockets) {
        return base::unexpected(std::move(sockets).error());
    }

    impl.counters.clear();
    std::vector<Ready> ready(workers);
    std::vector<std::future<base::Result<Worker*>>> started;
    for (auto& promise : ready) {
        started.push_back(promise.get_future());
    }
    for (unsigned index = 0; index < workers; ++index) {
        impl.counters.push_back(std::make_unique<WorkerCounters>());
        impl.threads.emplace_back(run_worker, index, std::cref(impl.options),
                                  std::move(sockets->per_worker[index]), std::ref(impl.env),
                                  std::ref(impl.zones), std::ref(*impl.counters.back()),
                                  std::ref(ready[index]));
    }
    std::optional<base::Error> failure;
    for (auto& future : started) {
        auto worker = future.get();
        if (worker) {
            impl.workers.push_back(*worker);
        } else if (!failure) {
            failure = std::move(worker).error();
        }
    }
    if (failure) {
        impl.stop_workers();
        return base::unexpected(std::move(*failure));
    }

    impl.bound = std::move(sockets->bound);
    for (const auto& address : impl.bound) {
        impl.log->info("dns listening transport={} address={} workers={}", address.transport,
                       address.address, workers);
    }
    impl.is_running = true;
    return {};
}

const std::vector<BoundAddress>& Server::bound() const noexcept {
    return impl_->bound;
}

void Server::stop() {
    Impl& impl = *impl_;
    if (!impl.is_running) {
        return;
    }
    impl.stop_workers();
    impl.is_running = false;
    impl.log->info("dns stopped");
}

ServerStats Server::stats() const noexcept {
    ServerStats stats;
    for (const auto& counters : impl_->counters) {
        counters->add_to(stats);
    }
    return stats;
}

} // namespace dcvd::dns
