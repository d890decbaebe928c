// integration/dns_message.hpp: DNS messages built and read with ldns, the oracle: queries the
// tests send, and accessors for what the server answered.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dcvd/base/c_handle.hpp"
#include "ldns.hpp"
#include "net.hpp"

namespace dcvd::integration {

using Packet = base::CHandle<ldns_pkt, ldns_pkt_free>;

inline constexpr const char* zone_apex = "validation.example.net.";
/// Our advertised EDNS payload in the test configuration (RFC 6891 §6.2.5).
inline constexpr std::uint16_t server_edns_payload = 1232;

/// A different message ID for every query of the run.
[[nodiscard]] std::uint16_t fresh_query_id() noexcept;

struct QuerySpec {
    std::string name;
    ldns_rr_type type = LDNS_RR_TYPE_TXT;
    std::uint16_t id = fresh_query_id();
    bool rd = false;
    ldns_pkt_opcode opcode = LDNS_PACKET_QUERY;
    std::optional<std::uint16_t> edns_payload =
        std::nullopt; ///< adds an OPT record with this payload size
    std::uint8_t edns_version = 0;
};

/// The query in wire form (case of the name kept as written).
[[nodiscard]] Bytes make_query(const QuerySpec& spec);

/// The message parsed by ldns, or null when ldns refuses it.
[[nodiscard]] Packet parse_message(std::span<const std::uint8_t> wire);

/// "<host>.validation.example.net.": where a host's challenge values are published.
[[nodiscard]] std::string target_of(const std::string& host);

/// The records of `type` in `section` (LDNS_RR_TYPE_ANY: all of them), borrowed from `packet`.
[[nodiscard]] std::vector<const ldns_rr*> records(const ldns_pkt& packet, ldns_pkt_section section,
                                                  ldns_rr_type type = LDNS_RR_TYPE_ANY);
/// Each TXT record's character-strings joined, in answer order.
[[nodiscard]] std::vector<std::string> txt_values(const ldns_pkt& packet,
                                                  ldns_pkt_section section = LDNS_SECTION_ANSWER);
/// The owner name in presentation form, case as on the wire.
[[nodiscard]] std::string owner_text(const ldns_rr& record);
/// The SOA serial of the first SOA in `section`, or nullopt without one.
[[nodiscard]] std::optional<std::uint32_t> soa_serial(const ldns_pkt& packet,
                                                      ldns_pkt_section section);
/// RFC 1982 §3.2: whether serial `a` is greater than `b`.
[[nodiscard]] bool serial_greater(std::uint32_t a, std::uint32_t b) noexcept;
/// The full 12-bit RCODE: header RCODE plus the EDNS extended bits (RFC 6891 §6.1.3).
[[nodiscard]] unsigned full_rcode(const ldns_pkt& packet) noexcept;

} // namespace dcvd::integration
