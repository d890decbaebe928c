// support/tcp_frame.hpp: DNS-over-TCP framing for tests (RFC 1035 §4.2.2: a two-octet length).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace dcvd::test {

/// `message` behind its two-octet big-endian length prefix.
[[nodiscard]] inline std::vector<std::uint8_t> tcp_framed(std::span<const std::uint8_t> message) {
    std::vector<std::uint8_t> out(message.size() + 2);
    out[0] = static_cast<std::uint8_t>(message.size() >> 8U);
    out[1] = static_cast<std::uint8_t>(message.size() & 0xFFU);
    std::copy(message.begin(), message.end(), out.begin() + 2);
    return out;
}

} // namespace dcvd::test
