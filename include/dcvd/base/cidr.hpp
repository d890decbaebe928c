// base/cidr.hpp: IP addresses and CIDR prefixes (RFC 4632, RFC 4291 §2.3) as configuration and
// the API's access lists write them: "192.0.2.0/24", "2001:db8::/32", a bare address as /32 or
// /128.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dcvd::base {

struct IpAddress {
    bool is_v6 = false;
    std::array<std::uint8_t, 16> bytes{}; ///< IPv4 in the first 4
};

/// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (inet_pton); an IPv4-mapped IPv6 address
/// ("::ffff:192.0.2.1") is read as the IPv4 address, as a dual-stack socket reports peers.
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text) noexcept;

/// "192.0.2.1", "2001:db8::1" (RFC 5952's canonical IPv6 text, as inet_ntop writes it).
[[nodiscard]] std::string to_text(const IpAddress& address);

class Cidr {
public:
    /// "addr/len" or a bare address; nullopt when malformed or when bits are set past the
    /// prefix ("10.0.0.1/8": a typo more often than a wish).
    [[nodiscard]] static std::optional<Cidr> parse(std::string_view text) noexcept;

    [[nodiscard]] bool contains(const IpAddress& address) const noexcept;
    /// Canonical text: "192.0.2.0/24", "2001:db8::/32".
    [[nodiscard]] std::string to_text() const;

private:
    IpAddress network_;
    std::uint8_t length_ = 0;
};

} // namespace dcvd::base
