// checker/curl_loop.cpp: curl's socket and timer callbacks onto uv polls and a uv timer. No curl
// call is made from inside a curl callback (libcurl forbids re-entering the multi handle there):
// the callbacks only start, stop or close handles, and curl is called again from the loop.
#include "curl_loop.hpp"

#include <unistd.h>

#include <array>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"

namespace dcvd::checker {
namespace {

base::Unexpected multi_failure(std::string_view what, CURLMcode code) {
    return base::unexpected(base::ErrorCode::Unavailable,
                            fmt::format("{}: {}", what, curl_multi_strerror(code)));
}

} // namespace

base::Result<std::unique_ptr<CurlLoop>> CurlLoop::create(uv::Loop& loop, OnDone on_done) {
    std::unique_ptr<CurlLoop> created(new CurlLoop(loop, std::move(on_done)));
    CurlLoop* self = created.get();
    auto timer = uv::Timer::create(loop, [self] { self->act(CURL_SOCKET_TIMEOUT, 0); });
    if (!timer) {
        return base::Unexpected{std::move(timer).error()};
    }
    created->timer_ = std::move(*timer);
    created->multi_.reset(curl_multi_init());
    if (!created->multi_) {
        return base::unexpected(base::ErrorCode::Unavailable, "curl_multi_init failed");
    }
    CURLM* multi = created->multi_.get();
    // A braced list is evaluated in order; each setopt only stores its argument.
    const std::array codes{curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &on_socket),
                           curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, self),
                           curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &on_timeout_change),
                           curl_multi_setopt(multi, CURLMOPT_TIMERDATA, self)};
    for (const CURLMcode code : codes) {
        if (code != CURLM_OK) {
            return multi_failure("curl_multi_setopt", code);
        }
    }
    return created;
}

CurlLoop::~CurlLoop() = default;

base::Result<void> CurlLoop::add(CURL* easy) {
    if (curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &on_close_socket) != CURLE_OK ||
        curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this) != CURLE_OK) {
        return base::unexpected(base::ErrorCode::Unavailable,
                                "curl_easy_setopt: cannot set the close-socket callback");
    }
    // Calls on_timeout_change with 0: the transfer starts on the loop's next turn.
    if (const CURLMcode code = curl_multi_add_handle(multi_.get(), easy); code != CURLM_OK) {
        return multi_failure("curl_multi_add_handle", code);
    }
    return {};
}

void CurlLoop::remove(CURL* easy) noexcept {
    static_cast<void>(curl_multi_remove_handle(multi_.get(), easy));
}

int CurlLoop::on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) noexcept {
    static_cast<CurlLoop*>(self)->watch(socket, what);
    return 0;
}

void CurlLoop::watch(curl_socket_t socket, int what) {
    if (what == CURL_POLL_REMOVE) {
        polls_.erase(socket); // closing stops the watch at once
        return;
    }
    auto found = polls_.find(socket);
    if (found == polls_.end()) {
        auto poll = uv::Poll::watch(loop_, socket, [this, socket](int status, int events) {
            // An error (the socket was reset, say) is curl's to find when it next reads or writes.
            int flags = status < 0 ? CURL_CSELECT_ERR : 0;
            flags |= (events & UV_READABLE) != 0 ? CURL_CSELECT_IN : 0;
            flags |= (events & UV_WRITABLE) != 0 ? CURL_CSELECT_OUT : 0;
            act(socket, flags);
        });
        if (!poll) {
            // Not expected of a socket curl just made. The transfer hears nothing, and curl's
            // timer ends it with a timeout: a failed attempt like any other.
            base::logger("webhook")->error("cannot watch a curl socket fd={} reason=\"{}\"", socket,
                                           poll.error().message);
            return;
        }
        found = polls_.emplace(socket, std::move(*poll)).first;
    }
    int events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) {
        events |= UV_READABLE;
    }
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) {
        events |= UV_WRITABLE;
    }
    if (const int status = found->second->start(events); status != 0) {
        base::logger("webhook")->error("cannot watch a curl socket fd={} reason=\"{}\"", socket,
                                       uv_strerror(status));
    }
}

int CurlLoop::on_timeout_change(CURLM*, long timeout_ms, void* self) noexcept {
    auto& loop = *static_cast<CurlLoop*>(self);
    // -1: no timeout wanted. 0: act at once, which here means on the loop's next turn, as curl
    // may not be called from inside this callback.
    if (timeout_ms < 0) {
        loop.timer_->stop();
    } else {
        loop.timer_->start(std::chrono::milliseconds(timeout_ms));
    }
    return 0;
}

int CurlLoop::on_close_socket(void* self, curl_socket_t socket) noexcept {
    static_cast<CurlLoop*>(self)->polls_.erase(socket); // libuv lets go before the fd goes
    return ::close(socket);
}

void CurlLoop::act(curl_socket_t socket, int events) {
    int running = 0;
    if (const CURLMcode code = curl_multi_socket_action(multi_.get(), socket, events, &running);
        code != CURLM_OK) {
        base::logger("webhook")->error("curl_multi_socket_action failed reason=\"{}\"",
                                       curl_multi_strerror(code));
    }
    finish_done_transfers();
}

void CurlLoop::finish_done_transfers() {
    // Collected first: removing a handle invalidates the message curl_multi_info_read returned,
    // and on_done may add transfers.
    std::vector<std::pair<CURL*, CURLcode>> done;
    int left = 0;
    while (const CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
        if (message->msg == CURLMSG_DONE) {
            done.emplace_back(message->easy_handle, message->data.result);
        }
    }
    for (const auto& [easy, result] : done) {
        static_cast<void>(curl_multi_remove_handle(multi_.get(), easy));
        on_done_(easy, result);
    }
}

} // namespace dcvd::checker
