// uv/handle.hpp: lifetime of objects that embed a libuv handle. libuv keeps the handle's address
// until its close callback, so owners live on the heap, never move, and are deleted only there.
#pragma once

#include <memory>

#include <uv.h>

namespace dcvd::uv {

/// A stream handle of either kind a listener takes: libuv's handle types share uv_stream_t's
/// layout as their prefix, so `stream` is valid for both.
union StreamHandle {
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
};

/// Base of every object embedding a libuv handle; every handle on a uv::Loop must have one, as
/// the loop finds it through `handle->data`. Loop thread only. Created by a factory once the
/// handle's uv_*_init succeeded, destroyed by the close callback that close() schedules.
class HandleOwner {
public:
    HandleOwner(const HandleOwner&) = delete;
    HandleOwner& operator=(const HandleOwner&) = delete;
    HandleOwner(HandleOwner&&) = delete;
    HandleOwner& operator=(HandleOwner&&) = delete;

    /// Starts closing (idempotent). Afterwards only pending requests' callbacks run (with
    /// UV_ECANCELED), then the close callback deletes this object.
    void close() noexcept;
    [[nodiscard]] bool is_closing() const noexcept;

    /// The owner of an initialised handle of any type (`handle->data`).
    template <class Owner, class UvHandle>
    [[nodiscard]] static Owner& of(UvHandle* handle) noexcept {
        return static_cast<Owner&>(*static_cast<HandleOwner*>(handle->data));
    }

protected:
    HandleOwner() = default;
    virtual ~HandleOwner() = default;

    /// Records the handle after its uv_*_init succeeded and points `handle->data` at this.
    template <class UvHandle> void adopt(UvHandle* handle) noexcept {
        handle_ = reinterpret_cast<uv_handle_t*>(handle);
        handle_->data = this;
    }

    /// Initialises `handle` on `loop`, adopts it and accepts the connection waiting on `server`,
    /// with TCP_NODELAY (responses are written whole: Nagle would hold a pipelined one back for
    /// the peer's ACK). False when the accept failed: the caller then close()s.
    [[nodiscard]] bool accept_tcp(uv_loop_t* loop, uv_stream_t* server, uv_tcp_t& handle) noexcept;
    /// The same for a listener of either kind: a TCP connection as above, a unix one as a pipe.
    [[nodiscard]] bool accept_stream(uv_loop_t* loop, uv_stream_t* server,
                                     StreamHandle& handle) noexcept;

private:
    static void on_closed(uv_handle_t* handle) noexcept;
    uv_handle_t* handle_ = nullptr;
};

/// Deleter that closes instead of deleting: the object then dies in its close callback.
struct Closer {
    void operator()(HandleOwner* owner) const noexcept { owner->close(); }
};

/// Sole owner of a handle; letting go closes it. Must be released before its loop is closed.
template <class T> using Owned = std::unique_ptr<T, Closer>;

} // namespace dcvd::uv
