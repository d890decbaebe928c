// uv/async.cpp: cross-thread wake-ups.
#include "dcvd/uv/async.hpp"

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {

base::Result<Owned<Async>> Async::create(Loop& loop, std::function<void()> on_wake) {
    std::unique_ptr<Async> owner(new Async(std::move(on_wake)));
    if (const int status = uv_async_init(loop.get(), &owner->handle_, &Async::on_async);
        status != 0) {
        return base::Unexpected{uv_failure("uv_async_init", status)};
    }
    owner->adopt(&owner->handle_);
    return Owned<Async>(owner.release());
}

void Async::send() noexcept {
    uv_async_send(&handle_);
}

void Async::on_async(uv_async_t* handle) noexcept {
    of<Async>(handle).on_wake_();
}

} // namespace dcvd::uv
