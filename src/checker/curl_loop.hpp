// checker/curl_loop.hpp: a curl multi handle driven by a libuv loop (curl_multi_socket_action):
// a uv::Poll watches each socket curl names in its socket callback, one uv::Timer keeps curl's
// timeout. Curl owns the sockets; every one of them is closed through our close-socket callback,
// which stops its watch first, as libuv asks of a polled descriptor.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>

#include "curl_handles.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/uv/poll.hpp"
#include "dcvd/uv/timer.hpp"

namespace dcvd::checker {

/// Loop thread only; must be destroyed before its loop.
class CurlLoop {
public:
    /// A transfer ended with `result` (CURLE_OK when curl got a whole response, whatever its
    /// status). It has been removed from the multi handle: the callee may clean it up, and may
    /// add() others, but must not destroy this CurlLoop.
    using OnDone = std::function<void(CURL* easy, CURLcode result)>;

    /// Unavailable when curl or libuv cannot make the multi handle or the timer.
    [[nodiscard]] static base::Result<std::unique_ptr<CurlLoop>> create(uv::Loop& loop,
                                                                        OnDone on_done);
    /// Every transfer added must have ended or been removed before; cached connections are
    /// closed here.
    ~CurlLoop();
    CurlLoop(const CurlLoop&) = delete;
    CurlLoop& operator=(const CurlLoop&) = delete;
    CurlLoop(CurlLoop&&) = delete;
    CurlLoop& operator=(CurlLoop&&) = delete;

    /// Starts `easy` (still the caller's, who keeps it alive until on_done or remove()). Sets its
    /// close-socket callback; nothing else of its options. Its first step runs from the loop,
    /// never from here, so this does not block.
    [[nodiscard]] base::Result<void> add(CURL* easy);
    /// Abandons a transfer that has not ended; on_done is not called for it.
    void remove(CURL* easy) noexcept;

private:
    CurlLoop(uv::Loop& loop, OnDone on_done) : loop_(loop), on_done_(std::move(on_done)) {}

    static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self,
                         void* socket_data) noexcept;
    static int on_timeout_change(CURLM* multi, long timeout_ms, void* self) noexcept;
    static int on_close_socket(void* self, curl_socket_t socket) noexcept;
    void watch(curl_socket_t socket, int what);
    /// Tells curl what happened on `socket` (CURL_SOCKET_TIMEOUT for the timer) and finishes the
    /// transfers that ended.
    void act(curl_socket_t socket, int events);
    void finish_done_transfers();

    uv::Loop& loop_;
    OnDone on_done_;
    uv::Owned<uv::Timer> timer_;
    std::unordered_map<curl_socket_t, uv::Owned<uv::Poll>> polls_;
    // Last, so it is cleaned up first: curl_multi_cleanup closes cached connections through
    // on_socket and on_close_socket, which need the polls and the timer.
    CurlMulti multi_;
};

} // namespace dcvd::checker
