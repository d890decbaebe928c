// api/http_connection.cpp: reading, handing requests to the handler one at a time, writing,
// and the two timeouts of one connection.
#include "http_connection.hpp"

#include <exception>

#include "dcvd/base/log.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "http_response.hpp"

namespace dcvd::api {

void HttpConnection::accept(uv_stream_t* server, HttpConnectionContext& context) noexcept {
    auto* connection = new HttpConnection(context);
    if (!connection->accept_stream(context.loop.get(), server, connection->handle_)) {
        connection->close();
        return;
    }
    auto timer = uv::Timer::create(context.loop, [connection] { connection->on_timer(); });
    if (!timer) {
        connection->close();
        return;
    }
    connection->timer_ = std::move(*timer);
    if (context.live.size() > context.options.max_connections) {
        connection->respond(
            error_response(503, "too_many_connections",
                           "the API serves at most " +
                               std::to_string(context.options.max_connections) +
                               " connections at once: retry, or close idle keep-alive ones"),
            false);
        return;
    }
    connection->read_peer();
    connection->arm_timer();
    connection->start_reading();
}

void HttpConnection::read_peer() noexcept {
    sockaddr_storage address{};
    int size = sizeof(address);
    if (handle_.stream.type != UV_TCP ||
        uv_tcp_getpeername(&handle_.tcp, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        return;
    }
    auto endpoint = uv::Endpoint::from_sockaddr(address);
    if (!endpoint) {
        return;
    }
    // "ip:port" or "[ip6]:port" without the port and brackets.
    std::string text = endpoint->to_string();
    text.erase(text.rfind(':'));
    if (!text.empty() && text.front() == '[') {
        text = text.substr(1, text.size() - 2);
    }
    peer_ = std::move(text);
}

HttpConnection::HttpConnection(HttpConnectionContext& context)
    : context_(context), id_(context.next_id++), parser_(context.options.limits) {
    write_request_.data = this;
    context_.live.emplace(id_, this);
}

HttpConnection::~HttpConnection() {
    context_.live.erase(id_);
}

void HttpConnection::start_reading() noexcept {
    if (uv_read_start(stream(), &HttpConnection::on_alloc, &HttpConnection::on_read) != 0) {
        close();
    }
}

void HttpConnection::arm_timer() noexcept {
    // A request must arrive whole within request_timeout of its first octet (no slow drip);
    // between requests the connection may idle for idle_timeout.
    timer_->start(is_in_request_ ? context_.options.request_timeout
                                 : context_.options.idle_timeout);
}

void HttpConnection::on_timer() noexcept {
    if (is_awaiting_reply_) {
        return; // the handler always answers (the writer answers every operation)
    }
    if (is_in_request_ && !is_writing_) {
        respond(error_response(408, "request_timeout",
                               "the request did not arrive whole within " +
                                   std::to_string(context_.options.request_timeout.count()) +
                                   " ms"),
                false);
        return;
    }
    close();
}

void HttpConnection::serve() noexcept {
    while (!is_writing_ && !is_awaiting_reply_ && !is_closing() && !input_.empty()) {
        std::size_t consumed = 0;
        const auto status = parser_.feed(input_, consumed);
        input_.erase(0, consumed);
        if (status == HttpRequestParser::Status::Failed) {
            respond(error_response(parser_.error()), false);
            return;
        }
        if (status == HttpRequestParser::Status::NeedMore) {
            return;
        }
        HttpRequest request = parser_.take();
        request.peer = peer_;
        is_awaiting_reply_ = true;
        reply_keep_alive_ = request.keep_alive;
        uv_read_stop(stream()); // what follows waits in the kernel until the reply is written
        try {
            context_.handler(request, HttpReply(context_.replies, id_));
        } catch (const std::exception& failure) {
            // The reply died unsent in the unwinding and answers 500.
            base::logger("api")->error("handler failed reason=\"{}\"", failure.what());
        }
        return;
    }
}

void HttpConnection::on_reply(const HttpResponse& response) noexcept {
    if (!is_awaiting_reply_ || is_closing()) {
        return;
    }
    is_awaiting_reply_ = false;
    is_in_request_ = !input_.empty(); // octets of the next (pipelined) request
    respond(response, reply_keep_alive_);
}

void HttpConnection::respond(const HttpResponse& response, bool keep_alive) noexcept {
    if (context_.observer) {
        context_.observer(response);
    }
    output_ = to_wire(response, keep_alive);
    close_after_write_ = !keep_alive;
    is_writing_ = true;
    uv_read_stop(stream()); // one response in flight: what follows waits in the kernel
    uv_buf_t buffer = uv_buf_init(output_.data(), static_cast<unsigned>(output_.size()));
    if (uv_write(&write_request_, stream(), &buffer, 1, &HttpConnection::on_written) != 0) {
        is_writing_ = false;
        close();
    }
}

void HttpConnection::on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buffer) noexcept {
    auto& self = of<HttpConnection>(handle);
    *buffer =
        uv_buf_init(self.read_buffer_.data(), static_cast<unsigned>(self.read_buffer_.size()));
}

void HttpConnection::on_read(uv_stream_t* stream, ssize_t length, const uv_buf_t* buffer) noexcept {
    auto& self = of<HttpConnection>(stream);
    if (length < 0) {
        self.close(); // EOF or error: a half-read request has no one left to answer
        return;
    }
    if (length == 0) {
        return;
    }
    if (!self.is_in_request_) {
        self.is_in_request_ = true;
        self.arm_timer();
    }
    self.input_.append(buffer->base, static_cast<std::size_t>(length));
    self.serve();
}

void HttpConnection::on_written(uv_write_t* request, int status) noexcept {
    auto& self = *static_cast<HttpConnection*>(request->data);
    self.is_writing_ = false;
    if (status < 0 || self.close_after_write_ || self.is_closing()) {
        self.close();
        return;
    }
    self.arm_timer();
    self.start_reading();
    self.serve();
}

} // namespace dcvd::api
