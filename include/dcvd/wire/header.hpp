// wire/header.hpp: the 12-octet message header (RFC 1035 §4.1.1) and its flag bits.
// Hot path: noexcept, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dcvd/wire/types.hpp"

namespace dcvd::wire {

inline constexpr std::size_t header_size = 12;

/// Bits of the header's flags word (RFC 1035 §4.1.1; AD and CD: RFC 4035 §3.2).
namespace flag {
inline constexpr std::uint16_t qr = 0x8000;
inline constexpr std::uint16_t aa = 0x0400;
inline constexpr std::uint16_t tc = 0x0200;
inline constexpr std::uint16_t rd = 0x0100;
inline constexpr std::uint16_t ra = 0x0080;
inline constexpr std::uint16_t z = 0x0040;
inline constexpr std::uint16_t ad = 0x0020;
inline constexpr std::uint16_t cd = 0x0010;
inline constexpr std::uint16_t opcode_mask = 0x7800;
inline constexpr unsigned opcode_shift = 11;
inline constexpr std::uint16_t rcode_mask = 0x000F;
} // namespace flag

struct Header {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t qdcount = 0;
    std::uint16_t ancount = 0;
    std::uint16_t nscount = 0;
    std::uint16_t arcount = 0;

    [[nodiscard]] bool has(std::uint16_t bit) const noexcept { return (flags & bit) != 0; }
    [[nodiscard]] Opcode opcode() const noexcept {
        return static_cast<Opcode>((flags & flag::opcode_mask) >> flag::opcode_shift);
    }
    /// The header's 4 RCODE bits (without an OPT's extension).
    [[nodiscard]] std::uint8_t rcode() const noexcept {
        return static_cast<std::uint8_t>(flags & flag::rcode_mask);
    }
};

/// Flags carrying `opcode` in its field.
[[nodiscard]] constexpr std::uint16_t opcode_flags(Opcode opcode) noexcept {
    return static_cast<std::uint16_t>((value(opcode) << flag::opcode_shift) & flag::opcode_mask);
}

} // namespace dcvd::wire
