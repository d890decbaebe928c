// uv/handle.cpp: closing a handle and deleting its owner from the close callback.
#include "dcvd/uv/handle.hpp"

namespace dcvd::uv {

void HandleOwner::close() noexcept {
    if (uv_is_closing(handle_) == 0) {
        uv_close(handle_, &HandleOwner::on_closed);
    }
}

bool HandleOwner::is_closing() const noexcept {
    return uv_is_closing(handle_) != 0;
}

void HandleOwner::on_closed(uv_handle_t* handle) noexcept {
    delete static_cast<HandleOwner*>(handle->data);
}

} // namespace dcvd::uv
