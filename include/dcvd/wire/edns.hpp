// wire/edns.hpp: the EDNS(0) OPT pseudo-RR (RFC 6891 §6): what a query's OPT says and the
// constants for writing ours. Hot path: noexcept, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dcvd::wire {

/// RFC 6891 §6.2.5: a requestor's payload size below 512 counts as 512 (RFC 1035's UDP limit).
inline constexpr std::uint16_t min_udp_payload = 512;
/// Owner (root, 1) + TYPE (2) + CLASS (2) + TTL (4) + RDLENGTH (2), with no options.
inline constexpr std::size_t opt_rr_size = 11;
/// The DO bit in the low 16 bits of the OPT TTL (RFC 3225 §3).
inline constexpr std::uint16_t edns_do_bit = 0x8000;

/// The query's OPT RR, decoded.
struct Edns {
    bool present = false;            ///< the message holds exactly one valid OPT
    std::uint16_t udp_payload = 0;   ///< the CLASS field as sent
    std::uint8_t extended_rcode = 0; ///< upper 8 bits of the extended RCODE
    std::uint8_t version = 0;
    bool dnssec_ok = false;

    /// The payload the requestor can receive (RFC 6891 §6.2.5: at least 512).
    [[nodiscard]] std::uint16_t effective_payload() const noexcept {
        return udp_payload < min_udp_payload ? min_udp_payload : udp_payload;
    }
};

/// Decodes an OPT RR whose owner was the root, from its CLASS, TTL and RDATA; the options are
/// walked by their lengths and skipped (we implement none). False when an option runs past the
/// RDATA or the RDATA ends inside an option header.
[[nodiscard]] bool read_opt(std::uint16_t rr_class, std::uint32_t ttl,
                            std::span<const std::uint8_t> rdata, Edns& out) noexcept;

} // namespace dcvd::wire
