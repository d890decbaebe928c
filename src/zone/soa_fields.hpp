// zone/soa_fields.hpp: where the fixed fields sit in SOA rdata (RFC 1035 §3.3.13): after the two
// uncompressed names MNAME and RNAME come SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM (32 bits each).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dcvd/wire/name.hpp"

namespace dcvd::zone {

inline constexpr std::size_t soa_fixed_fields_size = 20;

/// Offset of SERIAL in SOA rdata (the size of MNAME and RNAME), or nullopt when the rdata is not
/// two uncompressed names followed by exactly the five 32-bit fields.
[[nodiscard]] inline std::optional<std::size_t>
soa_serial_offset(std::span<const std::uint8_t> rdata) noexcept {
    wire::Name mname;
    wire::Name rname;
    if (!wire::Name::from_wire(rdata, mname) ||
        !wire::Name::from_wire(rdata.subspan(mname.size()), rname)) {
        return std::nullopt;
    }
    const std::size_t offset = mname.size() + rname.size();
    if (rdata.size() != offset + soa_fixed_fields_size) {
        return std::nullopt;
    }
    return offset;
}

/// The big-endian 32-bit field at `at` (caller checked the bounds).
[[nodiscard]] inline std::uint32_t read_u32(std::span<const std::uint8_t> bytes,
                                            std::size_t at) noexcept {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

} // namespace dcvd::zone
