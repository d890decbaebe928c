// uv/handle.cpp: closing a handle and deleting its owner from the close callback.
#include "dcvd/uv/handle.hpp"

#include <cassert>

namespace dcvd::uv {

void HandleOwner::close() noexcept {
    if (uv_is_closing(handle_) == 0) {
        uv_close(handle_, &HandleOwner::on_closed);
    }
}

bool HandleOwner::is_closing() const noexcept {
    return uv_is_closing(handle_) != 0;
}

bool HandleOwner::accept_tcp(uv_loop_t* loop, uv_stream_t* server, uv_tcp_t& handle) noexcept {
    [[maybe_unused]] const int initialised = uv_tcp_init(loop, &handle);
    assert(initialised == 0); // AF_UNSPEC: no socket is created yet, nothing can fail
    adopt(&handle);
    if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&handle)) != 0) {
        return false;
    }
    static_cast<void>(uv_tcp_nodelay(&handle, 1));
    return true;
}

bool HandleOwner::accept_stream(uv_loop_t* loop, uv_stream_t* server,
                                StreamHandle& handle) noexcept {
    if (server->type == UV_TCP) {
        return accept_tcp(loop, server, handle.tcp);
    }
    [[maybe_unused]] const int initialised = uv_pipe_init(loop, &handle.pipe, 0);
    assert(initialised == 0); // no descriptor is made yet, nothing can fail
    adopt(&handle.pipe);
    return uv_accept(server, &handle.stream) == 0;
}

void HandleOwner::on_closed(uv_handle_t* handle) noexcept {
    delete static_cast<HandleOwner*>(handle->data);
}

} // namespace dcvd::uv
