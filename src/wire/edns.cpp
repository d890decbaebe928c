// wire/edns.cpp: decoding of a received OPT RR (RFC 6891 §6.1). Hot path: noexcept, no
// allocation.
#include "dcvd/wire/edns.hpp"

#include "dcvd/wire/reader.hpp"

namespace dcvd::wire {

bool read_opt(std::uint16_t rr_class, std::uint32_t ttl, std::span<const std::uint8_t> rdata,
              Edns& out) noexcept {
    // RFC 6891 §6.1.2: {OPTION-CODE, OPTION-LENGTH, OPTION-DATA} triples fill the RDATA exactly.
    WireReader options(rdata);
    while (options.ok() && options.remaining() > 0) {
        static_cast<void>(options.u16()); // OPTION-CODE: none is understood, all are ignored
        options.skip(options.u16());
    }
    if (!options.ok()) {
        return false;
    }
    // RFC 6891 §6.1.3: TTL = EXTENDED-RCODE (8) | VERSION (8) | DO (1) | Z (15).
    out.present = true;
    out.udp_payload = rr_class;
    out.extended_rcode = static_cast<std::uint8_t>(ttl >> 24);
    out.version = static_cast<std::uint8_t>(ttl >> 16);
    out.dnssec_ok = (ttl & edns_do_bit) != 0;
    return true;
}

} // namespace dcvd::wire
