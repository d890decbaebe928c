// support/test_message.cpp: ldns-built and hand-built queries, ldns-parsed messages.
#include "support/test_message.hpp"

#include <cstdlib>
#include <stdexcept>

namespace dcvd::test {
namespace {

/// A string ldns allocated, freed with free().
std::string take_string(char* raw) {
    if (raw == nullptr) {
        throw std::runtime_error("ldns could not print");
    }
    std::string copy(raw);
    std::free(raw); // NOLINT(cppcoreguidelines-no-malloc): ldns allocates with malloc
    return copy;
}

} // namespace

Bytes make_query(const QuerySpec& spec) {
    ldns_pkt* raw = nullptr;
    const std::uint16_t flags = spec.rd ? LDNS_RD : 0;
    if (ldns_pkt_query_new_frm_str(&raw, spec.qname.c_str(), static_cast<ldns_rr_type>(spec.qtype),
                                   static_cast<ldns_rr_class>(spec.qclass),
                                   flags) != LDNS_STATUS_OK) {
        throw std::runtime_error("ldns refused the query name " + spec.qname);
    }
    const LdnsPkt pkt(raw);
    ldns_pkt_set_id(pkt.get(), spec.id);
    ldns_pkt_set_cd(pkt.get(), spec.cd);
    ldns_pkt_set_opcode(pkt.get(), static_cast<ldns_pkt_opcode>(spec.opcode));
    if (spec.edns_payload) {
        ldns_pkt_set_edns_udp_size(pkt.get(), *spec.edns_payload);
        ldns_pkt_set_edns_version(pkt.get(), spec.edns_version);
        ldns_pkt_set_edns_do(pkt.get(), spec.dnssec_ok);
    }
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, pkt.get(), &size) != LDNS_STATUS_OK) {
        throw std::runtime_error("ldns could not write the query");
    }
    Bytes bytes(wire, wire + size);
    std::free(wire); // NOLINT(cppcoreguidelines-no-malloc): ldns allocates with malloc
    return bytes;
}

LdnsPkt parse(std::span<const std::uint8_t> message) {
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, message.data(), message.size()) != LDNS_STATUS_OK) {
        return LdnsPkt{};
    }
    return LdnsPkt(raw);
}

std::string text(const ldns_rdf* rdf) {
    return take_string(ldns_rdf2str(rdf));
}

std::string text(const ldns_rr* rr) {
    std::string printed = take_string(ldns_rr2str(rr));
    if (!printed.empty() && printed.back() == '\n') {
        printed.pop_back();
    }
    return printed;
}

std::vector<std::string> texts(const ldns_rr_list* section) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(section); ++i) {
        out.push_back(text(ldns_rr_list_rr(section, i)));
    }
    return out;
}

void put16(Bytes& bytes, std::uint16_t value) {
    bytes.push_back(static_cast<std::uint8_t>(value >> 8));
    bytes.push_back(static_cast<std::uint8_t>(value));
}

Bytes header_bytes(std::uint16_t id, std::uint16_t flags, std::uint16_t qdcount,
                   std::uint16_t ancount, std::uint16_t nscount, std::uint16_t arcount) {
    Bytes bytes;
    for (const auto field : {id, flags, qdcount, ancount, nscount, arcount}) {
        put16(bytes, field);
    }
    return bytes;
}

void put_name(Bytes& bytes, const std::string& name) {
    ldns_rdf* raw = nullptr;
    if (ldns_str2rdf_dname(&raw, name.c_str()) != LDNS_STATUS_OK) {
        throw std::runtime_error("ldns refused the name " + name);
    }
    const base::CHandle<ldns_rdf, ldns_rdf_deep_free> rdf(raw);
    const auto* data = ldns_rdf_data(rdf.get());
    bytes.insert(bytes.end(), data, data + ldns_rdf_size(rdf.get()));
}

void put_opt(Bytes& bytes, std::uint16_t payload, std::uint8_t version, bool dnssec_ok,
             const Bytes& options) {
    bytes.push_back(0);
    put16(bytes, LDNS_RR_TYPE_OPT);
    put16(bytes, payload);
    put16(bytes, version); // extended RCODE 0, then the version
    put16(bytes, dnssec_ok ? 0x8000 : 0);
    put16(bytes, static_cast<std::uint16_t>(options.size()));
    bytes.insert(bytes.end(), options.begin(), options.end());
}

} // namespace dcvd::test
