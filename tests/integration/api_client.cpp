// integration/api_client.cpp: just enough HTTP/1.1 for the API's JSON replies: a status line,
// headers ending in an empty line, a Content-Length body (the API never chunks its replies).
#include "api_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <charconv>
#include <cstdio>

namespace dcvd::integration {
namespace {

std::optional<std::size_t> content_length(std::string_view head) {
    constexpr std::string_view name = "\r\ncontent-length:";
    std::string lowered(head);
    for (char& c : lowered) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::size_t at = lowered.find(name);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::size_t begin = at + name.size();
    while (begin < head.size() && head[begin] == ' ') {
        ++begin;
    }
    std::size_t length = 0;
    const auto [end, error] =
        std::from_chars(head.data() + begin, head.data() + head.size(), length);
    if (error != std::errc()) {
        return std::nullopt;
    }
    return length;
}

} // namespace

ApiClient::ApiClient(std::string address, std::string token)
    : address_(std::move(address)), token_(std::move(token)) {}

bool ApiClient::connect_once() {
    const std::size_t colon = address_.rfind(':');
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address_.substr(colon + 1))));
    if (inet_pton(AF_INET, address_.substr(0, colon).c_str(), &peer.sin_addr) != 1) {
        return false;
    }
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.is_open()) {
        return false;
    }
    const timeval timeout{10, 0}; // a hung server fails the test instead of hanging it
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&peer), sizeof peer) != 0) {
        return false;
    }
    fd_ = std::move(fd);
    return true;
}

std::optional<ApiReply> ApiClient::call(std::string_view method, std::string_view target,
                                        std::string_view body) {
    std::string request =
        std::string(method) + " " + std::string(target) +
        " HTTP/1.1\r\nHost: dcvd\r\nAuthorization: Bearer " + token_ +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + std::string(body);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!fd_.is_open() && !connect_once()) {
            return std::nullopt;
        }
        if (auto reply = exchange(request)) {
            return reply;
        }
        fd_.reset();
    }
    return std::nullopt;
}

std::optional<ApiReply> ApiClient::exchange(const std::string& request) {
    std::size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n =
            ::send(fd_.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            return std::nullopt;
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string in;
    std::size_t head_end = std::string::npos;
    std::optional<std::size_t> length;
    std::array<char, 4096> buffer{};
    while (head_end == std::string::npos || in.size() < head_end + 4 + length.value_or(0)) {
        const ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            return std::nullopt;
        }
        in.append(buffer.data(), static_cast<std::size_t>(n));
        if (head_end == std::string::npos) {
            head_end = in.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                length = content_length(std::string_view(in).substr(0, head_end + 2));
                if (!length) {
                    return std::nullopt;
                }
            }
        }
    }
    ApiReply reply;
    if (in.size() < 12 || !in.starts_with("HTTP/1.1 ")) {
        return std::nullopt;
    }
    std::from_chars(in.data() + 9, in.data() + 12, reply.status);
    reply.body = in.substr(head_end + 4, *length);
    return reply;
}

std::string path_segment(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            std::array<char, 4> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "%%%02X", static_cast<unsigned char>(c));
            out += escaped.data();
        }
    }
    return out;
}

} // namespace dcvd::integration
