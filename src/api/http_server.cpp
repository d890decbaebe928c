// api/http_server.cpp: binds the listen addresses, then runs the loop on a thread of its own
// until stop(): listeners, connections and the stop signal all live on that thread.
#include "dcvd/api/http_server.hpp"

#include <exception>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "dcvd/base/thread_role.hpp"
#include "dcvd/uv/async.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/socket.hpp"
#include "dcvd/uv/stream_listener.hpp"
#include "http_connection.hpp"

namespace dcvd::api {
namespace {

struct Bound {
    uv::Socket socket;
    std::string address;
};

/// The loop thread's objects; built, run and destroyed on that thread.
class LoopState {
public:
    LoopState(const HttpServerOptions& options, const HttpHandler& handler,
              const ResponseObserver& observer)
        : context_{loop_, options, handler, observer, std::make_shared<ReplyChannel>(), {}, 1} {}

    base::Result<void> open(std::vector<Bound>& sockets) {
        auto signal = uv::Async::create(loop_, [this] { close_all(); });
        if (!signal) {
            return base::unexpected(std::move(signal).error());
        }
        stop_signal_ = std::move(*signal);
        auto wake = uv::Async::create(loop_, [this] { deliver_replies(); });
        if (!wake) {
            return base::unexpected(std::move(wake).error());
        }
        reply_wake_ = std::move(*wake);
        context_.replies->attach(*reply_wake_);
        for (Bound& bound : sockets) {
            auto listener = uv::StreamListener::open(
                loop_, std::move(bound.socket), bound.address, base::logger("api"),
                [this](uv_stream_t* server) { HttpConnection::accept(server, context_); });
            if (!listener) {
                return base::unexpected(std::move(listener).error());
            }
            listeners_.push_back(std::move(*listener));
        }
        return {};
    }
    void run() noexcept { loop_.run(); }
    /// Any thread.
    void request_stop() noexcept { stop_signal_->send(); }

private:
    void deliver_replies() noexcept {
        for (auto& [id, response] : context_.replies->take()) {
            if (auto found = context_.live.find(id); found != context_.live.end()) {
                found->second->on_reply(response);
            }
        }
    }

    void close_all() noexcept {
        listeners_.clear();
        const auto live = context_.live; // closing does not remove them: their callbacks do
        for (const auto& [id, connection] : live) {
            connection->close();
        }
        context_.replies->detach();
        reply_wake_.reset();
        stop_signal_.reset();
    }

    uv::Loop loop_;
    HttpConnectionContext context_;
    std::vector<uv::Owned<uv::StreamListener>> listeners_;
    uv::Owned<uv::Async> stop_signal_;
    uv::Owned<uv::Async> reply_wake_;
};

using Ready = std::promise<base::Result<LoopState*>>;

void run_loop(const HttpServerOptions& options, const HttpHandler& handler,
              const ResponseObserver& observer, std::vector<Bound> sockets, Ready& ready) {
    base::become_background_thread("dcvd-api");
    try {
        LoopState state(options, handler, observer);
        if (auto opened = state.open(sockets); !opened) {
            ready.set_value(base::unexpected(std::move(opened).error()));
            return; // the loop's destructor closes what was opened
        }
        ready.set_value(&state);
        state.run();
    } catch (const std::exception& failure) {
        // Before ready was set only: afterwards the loop code throws nothing.
        ready.set_value(base::unexpected(base::ErrorCode::Unavailable,
                                         fmt::format("api server: {}", failure.what())));
    }
}

} // namespace

struct HttpServer::Impl {
    HttpServerOptions options;
    HttpHandler handler;
    ResponseObserver observer;
    std::vector<std::string> bound;
    std::thread thread;
    LoopState* state = nullptr; // from ready to the end of the thread: request_stop() only
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, ResponseObserver observer)
    : impl_(std::make_unique<Impl>(
          Impl{std::move(options), std::move(handler), std::move(observer), {}, {}, nullptr})) {}

HttpServer::~HttpServer() {
    stop();
}

base::Result<void> HttpServer::start() {
    Impl& impl = *impl_;
    if (impl.state != nullptr) {
        return base::unexpected(base::ErrorCode::Conflict, "api server already started");
    }
    std::vector<Bound> sockets;
    std::vector<std::string> bound;
    for (const std::string& text : impl.options.listen) {
        auto endpoint = uv::Endpoint::parse(text);
        if (!endpoint) {
            return base::unexpected(std::move(endpoint).error());
        }
        auto socket = uv::bind_socket(*endpoint, uv::SocketType::Tcp, uv::PortSharing::Exclusive);
        if (!socket) {
            return base::unexpected(std::move(socket).error());
        }
        auto local = uv::local_endpoint(*socket);
        if (!local) {
            return base::unexpected(std::move(local).error());
        }
        bound.push_back(local->to_string());
        sockets.push_back(Bound{std::move(*socket), bound.back()});
    }
    if (!impl.options.unix_socket.empty()) {
        auto socket = uv::bind_unix_socket(impl.options.unix_socket, impl.options.unix_socket_mode);
        if (!socket) {
            return base::unexpected(std::move(socket).error());
        }
        bound.push_back("unix:" + impl.options.unix_socket);
        sockets.push_back(Bound{std::move(*socket), bound.back()});
    }
    Ready ready;
    auto started = ready.get_future();
    impl.thread = std::thread(run_loop, std::cref(impl.options), std::cref(impl.handler),
                              std::cref(impl.observer), std::move(sockets), std::ref(ready));
    auto state = started.get();
    if (!state) {
        impl.thread.join();
        return base::unexpected(std::move(state).error());
    }
    impl.state = *state;
    impl.bound = std::move(bound);
    const auto log = base::logger("api");
    for (const auto& address : impl.bound) {
        log->info("api listening address={}", address);
    }
    return {};
}

const std::vector<std::string>& HttpServer::bound() const noexcept {
    return impl_->bound;
}

void HttpServer::stop() {
    Impl& impl = *impl_;
    if (impl.state == nullptr) {
        return;
    }
    impl.state->request_stop();
    impl.thread.join();
    impl.state = nullptr;
    base::logger("api")->info("api stopped");
}

} // namespace dcvd::api
