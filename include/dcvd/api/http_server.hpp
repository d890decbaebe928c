// api/http_server.hpp: the HTTP/1.1 server of the API: its own thread and libuv loop, keep-alive
// and pipelining, limits on request size, time and connections. What a request gets is the
// handler's business; the server answers only what it cannot hand over (400, 408, 413, 431, 503).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dcvd/api/http_message.hpp"
#include "dcvd/api/http_reply.hpp"
#include "dcvd/base/result.hpp"

namespace dcvd::api {

struct HttpServerOptions {
    /// "ip:port" or "[ip6]:port"; port 0 picks a free port (see bound()).
    std::vector<std::string> listen{"127.0.0.1:8053"};
    /// A unix socket to listen on as well ("": none), for local clients that file permissions
    /// should gate; made with `unix_socket_mode`.
    std::string unix_socket;
    std::uint32_t unix_socket_mode = 0660;
    HttpLimits limits;
    std::size_t max_connections = 256;                ///< more get 503 and are closed
    std::chrono::milliseconds request_timeout{10000}; ///< first octet to last, else 408
    std::chrono::milliseconds idle_timeout{60000};    ///< keep-alive wait for the next request
};

/// Runs on the server's loop thread, one request at a time per connection, and must not block
/// it: work that waits (a durable commit) answers through `reply` from wherever it completes.
/// The next request of the connection is read once the reply is sent. An exception becomes a
/// 500.
using HttpHandler = std::function<void(const HttpRequest& request, HttpReply reply)>;

/// Sees every response as it is written, the server's own (400, 408, 413, 431, 503: no route)
/// included; for metrics. Runs on the server's loop thread; must not block or throw.
using ResponseObserver = std::function<void(const HttpResponse& response)>;

class HttpServer {
public:
    HttpServer(HttpServerOptions options, HttpHandler handler, ResponseObserver observer = {});
    ~HttpServer(); ///< stop()s if running
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds every address (errors name it), then starts the thread.
    [[nodiscard]] base::Result<void> start();
    /// The bound addresses, "ip:port", in the order of options.listen, then "unix:<path>".
    [[nodiscard]] const std::vector<std::string>& bound() const noexcept;
    /// Closes the listeners and every connection, then joins the thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dcvd::api
