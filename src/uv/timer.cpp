// uv/timer.cpp: one-shot timers.
#include "dcvd/uv/timer.hpp"

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {

base::Result<Owned<Timer>> Timer::create(Loop& loop, std::function<void()> on_expiry) {
    std::unique_ptr<Timer> owner(new Timer(std::move(on_expiry)));
    if (const int status = uv_timer_init(loop.get(), &owner->handle_); status != 0) {
        return base::Unexpected{uv_failure("uv_timer_init", status)};
    }
    owner->adopt(&owner->handle_);
    return Owned<Timer>(owner.release());
}

void Timer::start(std::chrono::milliseconds timeout) noexcept {
    const auto ms = timeout.count() > 0 ? static_cast<std::uint64_t>(timeout.count()) : 0U;
    uv_timer_start(&handle_, &Timer::on_timer, ms, 0);
}

void Timer::stop() noexcept {
    uv_timer_stop(&handle_);
}

void Timer::on_timer(uv_timer_t* handle) noexcept {
    of<Timer>(handle).on_expiry_();
}

} // namespace dcvd::uv
