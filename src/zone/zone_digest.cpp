// zone/zone_digest.cpp: a length-prefixed, big-endian serialization of the canonical RRsets,
// hashed once. Every field has a fixed size or a length prefix, so distinct zones never
// serialize to the same octets.
#include "zone_digest.hpp"

#include <cstdint>
#include <vector>

#include "soa_fields.hpp"

namespace dcvd::zone {
namespace {

constexpr std::uint16_t type_soa = 6;

void put_u16(std::vector<std::uint8_t>& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    put_u16(out, value >> 16);
    put_u16(out, value & 0xffffU);
}

void put_bytes(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
    put_u16(out, bytes.size());
    out.insert(out.end(), bytes.begin(), bytes.end());
}

} // namespace

crypto::Sha256Digest content_digest(std::span<const RRset> canonical_rrsets) {
    std::vector<std::uint8_t> serialized;
    for (const RRset& rrset : canonical_rrsets) {
        put_bytes(serialized, rrset.owner.lowered().wire());
        put_u16(serialized, rrset.type);
        put_u32(serialized, rrset.ttl);
        put_u16(serialized, rrset.rdatas.size());
        for (const auto& rdata : rrset.rdatas) {
            const auto serial_at = rrset.type == type_soa ? soa_serial_offset(rdata) : std::nullopt;
            if (serial_at) {
                std::vector<std::uint8_t> without_serial = rdata;
                without_serial.erase(
                    without_serial.begin() + static_cast<std::ptrdiff_t>(*serial_at),
                    without_serial.begin() + static_cast<std::ptrdiff_t>(*serial_at + 4));
                put_bytes(serialized, without_serial);
            } else {
                put_bytes(serialized, rdata);
            }
        }
    }
    return crypto::sha256(serialized);
}

} // namespace dcvd::zone
