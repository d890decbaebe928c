// uv/endpoint.cpp: parsing and printing socket addresses.
#include "dcvd/uv/endpoint.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace dcvd::uv {
namespace {

base::Unexpected invalid(std::string_view text) {
    return base::unexpected(
        base::ErrorCode::Invalid,
        fmt::format("invalid address \"{}\": expected ip:port or [ip6]:port", text));
}

bool parse_port(std::string_view text, std::uint16_t& port) noexcept {
    if (text.empty() || text.size() > 5) {
        return false;
    }
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value > 65535) {
        return false;
    }
    port = static_cast<std::uint16_t>(value);
    return true;
}

} // namespace

base::Result<Endpoint> Endpoint::parse(std::string_view text) {
    const bool bracketed = text.starts_with('[');
    const auto separator = bracketed ? text.find("]:") : text.rfind(':');
    if (separator == std::string_view::npos) {
        return invalid(text);
    }
    const auto host = bracketed ? text.substr(1, separator - 1) : text.substr(0, separator);
    std::uint16_t port = 0;
    if (host.empty() || host.size() >= INET6_ADDRSTRLEN ||
        !parse_port(text.substr(separator + (bracketed ? 2 : 1)), port)) {
        return invalid(text);
    }
    std::array<char, INET6_ADDRSTRLEN> host_z{};
    std::memcpy(host_z.data(), host.data(), host.size());

    Endpoint endpoint;
    if (bracketed) {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        if (inet_pton(AF_INET6, host_z.data(), &v6.sin6_addr) != 1) {
            return invalid(text);
        }
        std::memcpy(&endpoint.storage_, &v6, sizeof v6);
    } else {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        if (inet_pton(AF_INET, host_z.data(), &v4.sin_addr) != 1) {
            return invalid(text);
        }
        std::memcpy(&endpoint.storage_, &v4, sizeof v4);
    }
    return endpoint;
}

base::Result<Endpoint> Endpoint::from_sockaddr(const sockaddr_storage& address) {
    if (address.ss_family != AF_INET && address.ss_family != AF_INET6) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("unsupported address family {}", address.ss_family));
    }
    Endpoint endpoint;
    endpoint.storage_ = address;
    return endpoint;
}

std::string Endpoint::to_string() const {
    std::array<char, INET6_ADDRSTRLEN> host{};
    if (family() == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage_, sizeof v6);
        inet_ntop(AF_INET6, &v6.sin6_addr, host.data(), host.size());
        return fmt::format("[{}]:{}", host.data(), port());
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &storage_, sizeof v4);
    inet_ntop(AF_INET, &v4.sin_addr, host.data(), host.size());
    return fmt::format("{}:{}", host.data(), port());
}

std::uint16_t Endpoint::port() const noexcept {
    if (family() == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage_, sizeof v6);
        return ntohs(v6.sin6_port);
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &storage_, sizeof v4);
    return ntohs(v4.sin_port);
}

void Endpoint::set_port(std::uint16_t port) noexcept {
    const std::uint16_t network = htons(port);
    // sin_port and sin6_port share their offset, after the family.
    static_assert(offsetof(sockaddr_in, sin_port) == offsetof(sockaddr_in6, sin6_port));
    std::memcpy(reinterpret_cast<std::uint8_t*>(&storage_) + offsetof(sockaddr_in, sin_port),
                &network, sizeof network);
}

bool Endpoint::is_unspecified() const noexcept {
    if (family() == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage_, sizeof v6);
        return IN6_IS_ADDR_UNSPECIFIED(&v6.sin6_addr) != 0;
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &storage_, sizeof v4);
    return v4.sin_addr.s_addr == htonl(INADDR_ANY);
}

socklen_t Endpoint::size() const noexcept {
    return family() == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

} // namespace dcvd::uv
