// api/reply_channel.hpp: the queue by which replies reach the API's loop thread from any thread,
// woken through uv::Async.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

#include "dcvd/api/http_message.hpp"
#include "dcvd/uv/async.hpp"

namespace dcvd::api {

class ReplyChannel {
public:
    using Entry = std::pair<std::uint64_t, HttpResponse>; ///< connection id, response

    /// Loop thread: replies posted from now on wake `wake`.
    void attach(uv::Async& wake) noexcept;
    /// Loop thread, before the Async closes: later posts are dropped.
    void detach() noexcept;
    /// Any thread.
    void post(std::uint64_t connection, HttpResponse response) noexcept;
    /// Loop thread: everything posted so far, in order.
    [[nodiscard]] std::deque<Entry> take() noexcept;

private:
    std::mutex mutex_; ///< guards wake_ and queue_; held while waking so detach() cannot race
    uv::Async* wake_ = nullptr;
    std::deque<Entry> queue_;
};

} // namespace dcvd::api
