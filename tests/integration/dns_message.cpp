// integration/dns_message.cpp: ldns calls for building queries and reading responses.
#include "dns_message.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "support/test_message.hpp"

namespace dcvd::integration {
namespace {

std::string rdf_text(const ldns_rdf* rdf) {
    char* text = ldns_rdf2str(rdf);
    if (text == nullptr) {
        throw std::runtime_error("ldns_rdf2str failed");
    }
    std::string result(text);
    std::free(text);
    return result;
}

} // namespace

std::uint16_t fresh_query_id() noexcept {
    static std::atomic<std::uint16_t> next{0x5a00};
    return next.fetch_add(1, std::memory_order_relaxed);
}

Bytes make_query(const QuerySpec& spec) {
    return test::make_query({.qname = spec.name,
                             .qtype = static_cast<std::uint16_t>(spec.type),
                             .id = spec.id,
                             .rd = spec.rd,
                             .opcode = static_cast<std::uint8_t>(spec.opcode),
                             .edns_payload = spec.edns_payload,
                             .edns_version = spec.edns_version});
}

Packet parse_message(std::span<const std::uint8_t> wire) {
    return test::parse(wire);
}

std::string target_of(const std::string& host) {
    return host + "." + zone_apex;
}

std::vector<const ldns_rr*> records(const ldns_pkt& packet, ldns_pkt_section section,
                                    ldns_rr_type type) {
    std::vector<const ldns_rr*> found;
    const ldns_rr_list* list = nullptr;
    switch (section) {
    case LDNS_SECTION_QUESTION:
        list = ldns_pkt_question(&packet);
        break;
    case LDNS_SECTION_ANSWER:
        list = ldns_pkt_answer(&packet);
        break;
    case LDNS_SECTION_AUTHORITY:
        list = ldns_pkt_authority(&packet);
        break;
    case LDNS_SECTION_ADDITIONAL:
        list = ldns_pkt_additional(&packet);
        break;
    default:
        throw std::invalid_argument("records() takes one section");
    }
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(list); ++i) {
        const ldns_rr* record = ldns_rr_list_rr(list, i);
        if (type == LDNS_RR_TYPE_ANY || ldns_rr_get_type(record) == type) {
            found.push_back(record);
        }
    }
    return found;
}

std::vector<std::string> txt_values(const ldns_pkt& packet, ldns_pkt_section section) {
    std::vector<std::string> values;
    for (const ldns_rr* record : records(packet, section, LDNS_RR_TYPE_TXT)) {
        std::string value;
        for (std::size_t i = 0; i < ldns_rr_rd_count(record); ++i) {
            const ldns_rdf* piece = ldns_rr_rdf(record, i);
            const std::uint8_t* data = ldns_rdf_data(piece);
            // A character-string: one length octet, then that many octets.
            value.append(reinterpret_cast<const char*>(data + 1), ldns_rdf_size(piece) - 1);
        }
        values.push_back(std::move(value));
    }
    return values;
}

std::string owner_text(const ldns_rr& record) {
    return rdf_text(ldns_rr_owner(&record));
}

std::optional<std::uint32_t> soa_serial(const ldns_pkt& packet, ldns_pkt_section section) {
    const auto soas = records(packet, section, LDNS_RR_TYPE_SOA);
    if (soas.empty()) {
        return std::nullopt;
    }
    // SOA rdata fields: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM.
    return ldns_rdf2native_int32(ldns_rr_rdf(soas.front(), 2));
}

bool serial_greater(std::uint32_t a, std::uint32_t b) noexcept {
    constexpr std::uint32_t half = 1U << 31;
    return (a < b && b - a > half) || (a > b && a - b < half);
}

unsigned full_rcode(const ldns_pkt& packet) noexcept {
    return static_cast<unsigned>(ldns_pkt_edns_extended_rcode(&packet)) << 4 |
           static_cast<unsigned>(ldns_pkt_get_rcode(&packet));
}

} // namespace dcvd::integration
