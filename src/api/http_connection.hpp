// api/http_connection.hpp: one HTTP/1.1 connection: requests read in order (pipelining), each
// answered before the next is read, the connection kept or closed as the request says, and
// closed when a request takes longer than request_timeout or the wait for one idle_timeout.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include <uv.h>

#include "dcvd/api/http_server.hpp"
#include "dcvd/uv/handle.hpp"
#include "dcvd/uv/timer.hpp"
#include "http_request_parser.hpp"
#include "reply_channel.hpp"

namespace dcvd::api {

class HttpConnection;

/// What every connection of a server shares; owned by the server's loop thread.
struct HttpConnectionContext {
    uv::Loop& loop;
    const HttpServerOptions& options;
    const HttpHandler& handler;
    const ResponseObserver& observer;
    std::shared_ptr<ReplyChannel> replies;
    /// By connection id; maintained by the connections themselves. Ids are never reused, so a
    /// late reply cannot reach another connection.
    std::unordered_map<std::uint64_t, HttpConnection*> live;
    std::uint64_t next_id = 1;
};

/// Loop thread only. Dies in its close callback, after a pending write's callback.
class HttpConnection final : public uv::HandleOwner {
public:
    /// Accepts the connection waiting on `server`; past max_connections it is answered 503 and
    /// closed. On failure the new connection closes itself.
    static void accept(uv_stream_t* server, HttpConnectionContext& context) noexcept;
    /// The handler's answer to the request in progress.
    void on_reply(const HttpResponse& response) noexcept;

private:
    explicit HttpConnection(HttpConnectionContext& context);
    ~HttpConnection() override;

    [[nodiscard]] uv_stream_t* stream() noexcept { return &handle_.stream; }
    /// Answers the requests buffered in input_, up to the first that is incomplete.
    void serve() noexcept;
    void respond(const HttpResponse& response, bool keep_alive) noexcept;
    void start_reading() noexcept;
    void arm_timer() noexcept;
    void on_timer() noexcept;

    static void on_alloc(uv_handle_t* handle, std::size_t suggested, uv_buf_t* buffer) noexcept;
    static void on_read(uv_stream_t* stream, ssize_t length, const uv_buf_t* buffer) noexcept;
    static void on_written(uv_write_t* request, int status) noexcept;

    /// The peer's address without its port, for the handlers (acme-dns allowfrom); none on a
    /// unix socket.
    void read_peer() noexcept;

    uv::StreamHandle handle_{};
    uv_write_t write_request_{};
    HttpConnectionContext& context_;
    const std::uint64_t id_;
    std::string peer_;
    HttpRequestParser parser_;
    uv::Owned<uv::Timer> timer_;
    std::string input_;  ///< received and not yet parsed
    std::string output_; ///< the response being written; libuv's until on_written
    std::array<char, 16384> read_buffer_{};
    bool is_writing_ = false;
    bool close_after_write_ = false;
    bool is_in_request_ = false;     ///< octets of a request arrived: request_timeout runs
    bool is_awaiting_reply_ = false; ///< a request is with the handler: reading waits
    bool reply_keep_alive_ = true;   ///< what that request asked for
};

} // namespace dcvd::api
