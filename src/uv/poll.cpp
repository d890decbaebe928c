// uv/poll.cpp: socket readiness for transports that do their own I/O.
#include "dcvd/uv/poll.hpp"

#include "dcvd/uv/error.hpp"

namespace dcvd::uv {

base::Result<Owned<Poll>> Poll::create(Loop& loop, Socket socket, Callback on_ready) {
    const int fd = socket.fd();
    return init(loop, std::unique_ptr<Poll>(new Poll(fd, std::move(socket), std::move(on_ready))));
}

base::Result<Owned<Poll>> Poll::watch(Loop& loop, int fd, Callback on_ready) {
    return init(loop, std::unique_ptr<Poll>(new Poll(fd, Socket(), std::move(on_ready))));
}

base::Result<Owned<Poll>> Poll::init(Loop& loop, std::unique_ptr<Poll> owner) {
    if (const int status = uv_poll_init_socket(loop.get(), &owner->handle_, owner->fd_);
        status != 0) {
        return base::Unexpected{uv_failure("uv_poll_init_socket", status)};
    }
    owner->adopt(&owner->handle_);
    return Owned<Poll>(owner.release());
}

int Poll::start(int events) noexcept {
    return uv_poll_start(&handle_, events, &Poll::on_poll);
}

void Poll::on_poll(uv_poll_t* handle, int status, int events) noexcept {
    of<Poll>(handle).on_ready_(status, events);
}

} // namespace dcvd::uv
