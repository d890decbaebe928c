// api/http_reply.hpp: how a handler answers a request: now, or later from another thread (once
// the writer's commit is durable), without ever blocking the API's loop.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "dcvd/api/http_message.hpp"

namespace dcvd::api {

class ReplyChannel;

/// Move-only. send() may be called from any thread, at most once; a reply destroyed unsent
/// answers 500 (a handler bug must not leave the client waiting). When the connection has gone
/// meanwhile, the response is dropped.
class HttpReply {
public:
    HttpReply(std::shared_ptr<ReplyChannel> channel, std::uint64_t connection) noexcept;
    HttpReply(HttpReply&& other) noexcept;
    HttpReply& operator=(HttpReply&& other) noexcept;
    HttpReply(const HttpReply&) = delete;
    HttpReply& operator=(const HttpReply&) = delete;
    ~HttpReply();

    void send(HttpResponse response) noexcept;
    /// Tags the response with the route that answers it (for metrics); both strings static.
    void set_route(std::string_view method, std::string_view pattern) noexcept;

private:
    std::shared_ptr<ReplyChannel> channel_; ///< null once sent or moved from
    std::uint64_t connection_ = 0;
    std::string_view route_method_;
    std::string_view route_;
};

} // namespace dcvd::api
