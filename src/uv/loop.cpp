// uv/loop.cpp: loop set-up and the tear-down that waits for every close callback.
#include "dcvd/uv/loop.hpp"

#include <stdexcept>
#include <string>

#include "dcvd/uv/handle.hpp"

namespace dcvd::uv {

Loop::Loop() {
    if (const int status = uv_loop_init(&loop_); status != 0) {
        throw std::runtime_error(std::string("uv_loop_init: ") + uv_strerror(status));
    }
}

Loop::~Loop() {
    // Closing a handle may start requests or close others, so walk again until the loop is empty.
    while (uv_loop_close(&loop_) == UV_EBUSY) {
        uv_walk(
            &loop_,
            [](uv_handle_t* handle, void*) noexcept {
                if (uv_is_closing(handle) == 0) {
                    HandleOwner::of<HandleOwner>(handle).close();
                }
            },
            nullptr);
        uv_run(&loop_, UV_RUN_DEFAULT);
    }
}

void Loop::run() noexcept {
    uv_run(&loop_, UV_RUN_DEFAULT);
}

} // namespace dcvd::uv
