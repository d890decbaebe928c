// tests/unit/checker/fake_http_receiver.cpp: blocking sockets and poll(2) in one thread; enough
// HTTP/1.1 for what curl sends (one request per connection, a Content-Length body).
#include "fake_http_receiver.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dcvd::checker::test {
namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    }
}

/// A TCP socket bound to 127.0.0.1 at a free port, and that port.
std::pair<int, std::uint16_t> bind_loopback() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    require(fd >= 0, "socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    require(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0, "bind");
    socklen_t size = sizeof address;
    require(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0, "getsockname");
    return {fd, ntohs(address.sin_port)};
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// The request at the start of `input` once it is whole.
std::optional<ReceivedRequest> parse_request(const std::string& input) {
    const auto head_end = input.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        return std::nullopt;
    }
    ReceivedRequest request;
    const auto line_end = input.find("\r\n");
    const std::string line = input.substr(0, line_end);
    const auto first_space = line.find(' ');
    const auto second_space = line.find(' ', first_space + 1);
    request.method = line.substr(0, first_space);
    request.target = line.substr(first_space + 1, second_space - first_space - 1);
    for (auto at = line_end + 2; at < head_end;) {
        const auto end = input.find("\r\n", at);
        const std::string header = input.substr(at, end - at);
        const auto colon = header.find(':');
        std::string value = header.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        request.headers[lower(header.substr(0, colon))] = value;
        at = end + 2;
    }
    std::size_t length = 0;
    if (const auto found = request.headers.find("content-length"); found != request.headers.end()) {
        length = std::stoul(found->second);
    }
    if (input.size() < head_end + 4 + length) {
        return std::nullopt;
    }
    request.body = input.substr(head_end + 4, length);
    return request;
}

std::string response_text(const Answer& answer) {
    return "HTTP/1.1 " + std::to_string(answer.status) + " Scripted\r\n" + answer.extra_headers +
           "Content-Length: " + std::to_string(answer.body.size()) +
           "\r\nConnection: close\r\n\r\n" + answer.body;
}

void send_all(int fd, const std::string& text) {
    std::size_t sent = 0;
    while (sent < text.size()) {
        const ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            return; // the client went: nothing to tell it
        }
        sent += static_cast<std::size_t>(n);
    }
}

} // namespace

FakeHttpReceiver::FakeHttpReceiver(Script script) : script_(std::move(script)) {
    std::tie(listener_, port_) = bind_loopback();
    require(::listen(listener_, 16) == 0, "listen");
    require(::pipe2(stop_pipe_, O_CLOEXEC) == 0, "pipe2");
    thread_ = std::thread([this] { serve(); });
}

FakeHttpReceiver::~FakeHttpReceiver() {
    const char stop = 's';
    static_cast<void>(::write(stop_pipe_[1], &stop, 1));
    thread_.join();
    for (const int fd : {listener_, stop_pipe_[0], stop_pipe_[1]}) {
        ::close(fd);
    }
}

std::string FakeHttpReceiver::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<ReceivedRequest> FakeHttpReceiver::received() const {
    const std::lock_guard lock(mutex_);
    return received_;
}

std::size_t FakeHttpReceiver::count() const {
    const std::lock_guard lock(mutex_);
    return received_.size();
}

void FakeHttpReceiver::serve() {
    std::vector<Connection> connections;
    std::vector<pollfd> fds;
    for (;;) {
        fds.assign({{stop_pipe_[0], POLLIN, 0}, {listener_, POLLIN, 0}});
        for (const Connection& connection : connections) {
            fds.push_back({connection.fd, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            break;
        }
        // Connections first, by index: fds[i + 2] is connections[i] (accepting appends).
        std::vector<Connection> kept;
        for (std::size_t i = 0; i < connections.size(); ++i) {
            if (fds[i + 2].revents == 0 || on_readable(connections[i])) {
                kept.push_back(std::move(connections[i]));
            } else {
                ::close(connections[i].fd);
            }
        }
        connections = std::move(kept);
        if ((fds[1].revents & POLLIN) != 0) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                connections.push_back(Connection{fd, {}, false});
            }
        }
    }
    for (const Connection& connection : connections) {
        ::close(connection.fd);
    }
}

bool FakeHttpReceiver::on_readable(Connection& connection) {
    std::array<char, 4096> buffer{};
    const ssize_t n = ::recv(connection.fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) {
        return false;
    }
    if (connection.is_held) {
        return true;
    }
    connection.input.append(buffer.data(), static_cast<std::size_t>(n));
    auto request = parse_request(connection.input);
    if (!request) {
        return true;
    }
    std::size_t index = 0;
    {
        const std::lock_guard lock(mutex_);
        index = received_.size();
        received_.push_back(*request);
    }
    const Answer answer = script_(*request, index);
    if (answer.status == 0) {
        connection.is_held = true;
        return true;
    }
    send_all(connection.fd, response_text(answer));
    return false;
}

DeadPort::DeadPort() {
    std::tie(fd_, port_) = bind_loopback();
}

DeadPort::~DeadPort() {
    ::close(fd_);
}

std::string DeadPort::url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/hook";
}

} // namespace dcvd::checker::test
