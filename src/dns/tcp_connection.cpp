// dns/tcp_connection.cpp: framing, answering, writing and idle timeout of one TCP connection.
// Per read callback: one batch (store renew/reset) over every complete message received.
#include "tcp_connection.hpp"

#include <cstring>

namespace dcvd::dns {

void TcpConnection::accept(uv_stream_t* server, TcpConnections& table) noexcept {
    auto* connection = new TcpConnection(table);
    if (!connection->accept_tcp(table.loop().get(), server, connection->handle_)) {
        connection->close();
        return;
    }
    auto timer = uv::Timer::create(table.loop(), [connection] { connection->on_idle_timer(); });
    if (!timer) {
        connection->close();
        return;
    }
    connection->idle_timer_ = std::move(*timer);
    connection->last_query_ms_ = table.loop().now_ms();
    connection->idle_timer_->start(table.limits().idle_timeout);
    connection->start_reading();
}

TcpConnection::TcpConnection(TcpConnections& table) : table_(table), buffers_(table.attach(*this)) {
    write_request_.data = this;
}

TcpConnection::~TcpConnection() {
    table_.detach(*this, std::move(buffers_));
}

void TcpConnection::serve() noexcept {
    auto& input = buffers_->input;
    auto& output = buffers_->output;
    BatchContext& batch = table_.batch();
    batch.begin();
    while (!is_writing_ && !is_closing()) {
        const std::size_t available = input_end_ - input_begin_;
        if (available < 2) {
            break;
        }
        const std::size_t length =
            (std::size_t{input[input_begin_]} << 8U) | std::size_t{input[input_begin_ + 1]};
        if (length == 0) {
            // No DNS message is empty: the stream is broken. Answer nothing more, then close.
            is_input_done_ = true;
            input_begin_ = input_end_;
            stop_reading();
            break;
        }
        if (available < 2 + length) {
            break; // the rest arrives in later segments
        }
        if (output.size() - output_used_ < tcp_frame_max) {
            write_output(); // answer() needs room for a largest response
            continue;
        }
        const std::span<const std::uint8_t> query(&input[input_begin_ + 2], length);
        input_begin_ += 2 + length;
        last_query_ms_ = table_.loop().now_ms(); // RFC 7766 §6.2.3: idle counts from here
        const std::span<std::uint8_t> response(&output[output_used_ + 2], max_tcp_response);
        if (const std::size_t written = batch.answer(query, response, Transport::Tcp);
            written > 0) {
            output[output_used_] = static_cast<std::uint8_t>(written >> 8U);
            output[output_used_ + 1] = static_cast<std::uint8_t>(written & 0xFFU);
            output_used_ += 2 + written;
        }
    }
    batch.end();
    if (!is_writing_ && !is_closing()) {
        write_output();
    }
    after_output();
}

void TcpConnection::write_output() noexcept {
    if (output_used_ == 0) {
        return;
    }
    auto* data = reinterpret_cast<char*>(buffers_->output.data());
    uv_buf_t whole = uv_buf_init(data, static_cast<unsigned>(output_used_));
    // Most writes fit the socket buffer at once: no request, no callback, reading goes on.
    const int written = uv_try_write(stream(), &whole, 1);
    if (written >= 0 && static_cast<std::size_t>(written) == output_used_) {
        output_used_ = 0;
        return;
    }
    if (written < 0 && written != UV_EAGAIN) {
        close();
        return;
    }
    const auto offset = written > 0 ? static_cast<std::size_t>(written) : 0U;
    uv_buf_t rest = uv_buf_init(data + offset, static_cast<unsigned>(output_used_ - offset));
    if (uv_write(&write_request_, stream(), &rest, 1, &TcpConnection::on_written) != 0) {
        close();
        return;
    }
    // A peer that does not read its responses gets no more answers until it does.
    is_writing_ = true;
    stop_reading();
}

void TcpConnection::after_output() noexcept {
    if (is_writing_ || is_closing()) {
        return;
    }
    if (is_input_done_) {
        close(); // everything answered has been handed to the kernel, which sends it first
        return;
    }
    start_reading();
}

void TcpConnection::start_reading() noexcept {
    if (!is_reading_) {
        if (uv_read_start(stream(), &TcpConnection::on_alloc, &TcpConnection::on_read) != 0) {
            close();
            return;
        }
        is_reading_ = true;
    }
}

void TcpConnection::stop_reading() noexcept {
    if (is_reading_) {
        uv_read_stop(stream());
        is_reading_ = false;
    }
}

void TcpConnection::on_idle_timer() noexcept {
    if (is_closing()) {
        return;
    }
    const auto timeout = static_cast<std::uint64_t>(table_.limits().idle_timeout.count());
    const std::uint64_t idle = table_.loop().now_ms() - last_query_ms_;
    if (idle >= timeout) {
        close();
        return;
    }
    // Queries arrived since the timer was set: wait for the remainder instead of re-arming the
    // timer on every query.
    idle_timer_->start(std::chrono::milliseconds(timeout - idle));
}

void TcpConnection::on_alloc(uv_handle_t* handle, std::size_t, uv_buf_t* buffer) noexcept {
    auto& self = of<TcpConnection>(handle);
    auto& input = self.buffers_->input;
    // Only a partial message is left here (complete ones were answered): move it to the front
    // so that the buffer always has room for the whole of it.
    if (self.input_begin_ > 0) {
        std::memmove(input.data(), input.data() + self.input_begin_,
                     self.input_end_ - self.input_begin_);
        self.input_end_ -= self.input_begin_;
        self.input_begin_ = 0;
    }
    *buffer = uv_buf_init(reinterpret_cast<char*>(input.data() + self.input_end_),
                          static_cast<unsigned>(input.size() - self.input_end_));
}

void TcpConnection::on_read(uv_stream_t* stream, ssize_t length, const uv_buf_t*) noexcept {
    auto& self = of<TcpConnection>(stream);
    if (length > 0) {
        self.input_end_ += static_cast<std::size_t>(length);
        self.serve();
    } else if (length == UV_EOF) {
        // RFC 7766 §6.2.4 (half-close): finish what was asked, then close. libuv has stopped
        // reading; a partial message left over can never complete.
        self.is_reading_ = false;
        self.is_input_done_ = true;
        self.after_output();
    } else if (length < 0) {
        self.close(); // reset by the peer or another error: nobody to answer
    }
}

void TcpConnection::on_written(uv_write_t* request, int status) noexcept {
    auto& self = *static_cast<TcpConnection*>(request->data);
    self.is_writing_ = false;
    self.output_used_ = 0;
    if (status < 0) {
        self.close(); // includes UV_ECANCELED when closing already: close() is idempotent
        return;
    }
    self.serve(); // queries that arrived with earlier ones and waited for the output
}

} // namespace dcvd::dns
