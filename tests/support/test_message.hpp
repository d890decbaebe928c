// support/test_message.hpp: messages for the wire, answer and integration tests, built with
// ldns or by hand and read with ldns, the oracle (test-only: allocates freely).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <ldns/ldns.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::test {

using Bytes = std::vector<std::uint8_t>;
using LdnsPkt = base::CHandle<ldns_pkt, ldns_pkt_free>;

/// A query as a resolver would send it.
struct QuerySpec {
    std::string qname{};
    std::uint16_t qtype = LDNS_RR_TYPE_TXT;
    std::uint16_t qclass = LDNS_RR_CLASS_IN;
    std::uint16_t id = 0x4242;
    bool rd = false;
    bool cd = false;
    std::uint8_t opcode = 0; ///< 0..7 (ldns's enum holds no more); hand-build others
    std::optional<std::uint16_t> edns_payload{}; ///< adds an OPT when set
    std::uint8_t edns_version = 0;
    bool dnssec_ok = false;
};

/// The query's wire form, written by ldns.
[[nodiscard]] Bytes make_query(const QuerySpec& spec);

/// The message parsed by ldns, or nullptr when ldns refuses it.
[[nodiscard]] LdnsPkt parse(std::span<const std::uint8_t> message);

/// Presentation form of a name or an RR, as ldns prints it.
[[nodiscard]] std::string text(const ldns_rdf* rdf);
[[nodiscard]] std::string text(const ldns_rr* rr);
/// Each RR of a section in presentation form, in order ("owner.\tTTL\tIN\tTYPE\trdata").
[[nodiscard]] std::vector<std::string> texts(const ldns_rr_list* section);

/// Appends a big-endian 16-bit value (for hand-built messages).
void put16(Bytes& bytes, std::uint16_t value);
/// A 12-octet header with these fields.
[[nodiscard]] Bytes header_bytes(std::uint16_t id, std::uint16_t flags, std::uint16_t qdcount,
                                 std::uint16_t ancount = 0, std::uint16_t nscount = 0,
                                 std::uint16_t arcount = 0);
/// Appends a name in uncompressed wire form from presentation form ("www.example.net.").
void put_name(Bytes& bytes, const std::string& name);
/// Appends a root-owned OPT RR: payload, version, DO, raw option octets.
void put_opt(Bytes& bytes, std::uint16_t payload, std::uint8_t version = 0, bool dnssec_ok = false,
             const Bytes& options = {});

} // namespace dcvd::test
