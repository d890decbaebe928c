// zone/zone_text.cpp: RRsets back to presentation form through ldns (wire RR in, ldns_rr2str
// out), so that `dcvd export` prints exactly what ldns and other servers read back.
#include "dcvd/zone/zone_text.hpp"

#include <stdexcept>

#include "dcvd/zone/ldns_support.hpp"
#include "soa_fields.hpp"

namespace dcvd::zone {
namespace {

constexpr std::uint16_t type_soa = 6;
constexpr std::uint16_t class_in = 1;

void put_u16(std::vector<std::uint8_t>& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

/// One RR in wire form: owner, TYPE, CLASS, TTL, RDLENGTH, RDATA (RFC 1035 §4.1.3).
std::vector<std::uint8_t> rr_wire(const RRset& rrset, std::span<const std::uint8_t> rdata) {
    std::vector<std::uint8_t> out(rrset.owner.wire().begin(), rrset.owner.wire().end());
    put_u16(out, rrset.type);
    put_u16(out, class_in);
    put_u16(out, rrset.ttl >> 16);
    put_u16(out, rrset.ttl & 0xffffU);
    put_u16(out, rdata.size());
    out.insert(out.end(), rdata.begin(), rdata.end());
    return out;
}

} // namespace

std::string rrset_to_text(const RRset& rrset, std::uint32_t serial) {
    std::string text;
    for (const auto& stored : rrset.rdatas) {
        std::vector<std::uint8_t> rdata = stored;
        if (rrset.type == type_soa) {
            if (const auto at = soa_serial_offset(rdata)) {
                for (std::size_t i = 0; i < 4; ++i) {
                    rdata[*at + i] = static_cast<std::uint8_t>(serial >> (24 - 8 * i));
                }
            }
        }
        const auto wire = rr_wire(rrset, rdata);
        ldns_rr* parsed = nullptr;
        std::size_t position = 0;
        const ldns_status status =
            ldns_wire2rr(&parsed, wire.data(), wire.size(), &position, LDNS_SECTION_ANSWER);
        const LdnsRr rr(parsed);
        if (status != LDNS_STATUS_OK) {
            // The loader built this rdata with ldns, so ldns reads it back; anything else is a bug.
            throw std::logic_error("static RRset does not convert to text: " +
                                   ldns_status_text(status));
        }
        const LdnsText line(ldns_rr2str(rr.get()));
        if (!line) {
            throw std::bad_alloc();
        }
        text += line.get();
    }
    return text;
}

} // namespace dcvd::zone
