// uv/endpoint.hpp: an IPv4 or IPv6 socket address with its text form ("ip:port", "[ip6]:port").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <netinet/in.h>
#include <sys/socket.h>

#include "dcvd/base/result.hpp"

namespace dcvd::uv {

class Endpoint {
public:
    /// Parses numeric "ip:port" or "[ip6]:port" (port 0..65535); Invalid error naming the text.
    [[nodiscard]] static base::Result<Endpoint> parse(std::string_view text);
    /// Copies an AF_INET or AF_INET6 address the kernel returned; Invalid for other families.
    [[nodiscard]] static base::Result<Endpoint> from_sockaddr(const sockaddr_storage& address);

    /// "127.0.0.1:53" or "[::1]:53".
    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] int family() const noexcept { return storage_.ss_family; }
    [[nodiscard]] std::uint16_t port() const noexcept;
    void set_port(std::uint16_t port) noexcept;
    /// 0.0.0.0 or ::, where replies need the query's destination as their source.
    [[nodiscard]] bool is_unspecified() const noexcept;

    [[nodiscard]] const sockaddr* address() const noexcept {
        return reinterpret_cast<const sockaddr*>(&storage_);
    }
    [[nodiscard]] socklen_t size() const noexcept;

private:
    sockaddr_storage storage_{};
};

} // namespace dcvd::uv
