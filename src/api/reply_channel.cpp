// api/reply_channel.cpp: the reply queue, and HttpReply on top of it.
#include "reply_channel.hpp"

#include "dcvd/api/http_reply.hpp"
#include "http_response.hpp"

namespace dcvd::api {

void ReplyChannel::attach(uv::Async& wake) noexcept {
    const std::lock_guard lock(mutex_);
    wake_ = &wake;
}

void ReplyChannel::detach() noexcept {
    const std::lock_guard lock(mutex_);
    wake_ = nullptr;
    queue_.clear();
}

void ReplyChannel::post(std::uint64_t connection, HttpResponse response) noexcept {
    const std::lock_guard lock(mutex_);
    if (wake_ == nullptr) {
        return; // the server stopped: no connection is left to answer
    }
    try {
        queue_.emplace_back(connection, std::move(response));
    } catch (...) {
        return; // out of memory: the connection times out instead
    }
    wake_->send();
}

std::deque<ReplyChannel::Entry> ReplyChannel::take() noexcept {
    const std::lock_guard lock(mutex_);
    return std::exchange(queue_, {});
}

HttpReply::HttpReply(std::shared_ptr<ReplyChannel> channel, std::uint64_t connection) noexcept
    : channel_(std::move(channel)), connection_(connection) {}

HttpReply::HttpReply(HttpReply&& other) noexcept
    : channel_(std::move(other.channel_)), connection_(other.connection_),
      route_method_(other.route_method_), route_(other.route_) {}

HttpReply& HttpReply::operator=(HttpReply&& other) noexcept {
    if (this != &other) {
        if (channel_) {
            send(error_response(500, "internal", "the request was dropped unanswered"));
        }
        channel_ = std::move(other.channel_);
        connection_ = other.connection_;
        route_method_ = other.route_method_;
        route_ = other.route_;
    }
    return *this;
}

HttpReply::~HttpReply() {
    if (channel_) {
        send(error_response(500, "internal", "the request was dropped unanswered"));
    }
}

void HttpReply::set_route(std::string_view method, std::string_view pattern) noexcept {
    route_method_ = method;
    route_ = pattern;
}

void HttpReply::send(HttpResponse response) noexcept {
    if (auto channel = std::exchange(channel_, nullptr)) {
        response.route_method = route_method_;
        response.route = route_;
        channel->post(connection_, std::move(response));
    }
}

} // namespace dcvd::api
