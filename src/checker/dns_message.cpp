// checker/dns_message.cpp: queries built and replies checked with ldns.
#include "dns_message.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace dcvd::checker {
namespace {

using zone::LdnsRdf;

LdnsRdf parse_name(const std::string& name) {
    return LdnsRdf(ldns_dname_new_frm_str(name.c_str()));
}

} // namespace

base::Result<std::vector<std::uint8_t>> build_query(const DnsQuestion& question, std::uint16_t id,
                                                    std::uint16_t udp_payload) {
    LdnsRdf name = parse_name(question.name);
    if (!name) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("not a domain name: \"{}\"", question.name));
    }
    const Packet query(ldns_pkt_query_new(name.release(), question.type, LDNS_RR_CLASS_IN,
                                          question.recursion_desired ? LDNS_RD : 0));
    if (!query) {
        return base::unexpected(base::ErrorCode::Internal, "ldns could not build a query");
    }
    ldns_pkt_set_id(query.get(), id);
    ldns_pkt_set_edns_udp_size(query.get(), udp_payload);
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    const ldns_status status = ldns_pkt2wire(&wire, query.get(), &size);
    const base::CHandle<std::uint8_t, std::free> owned(wire);
    if (status != LDNS_STATUS_OK) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("cannot encode a query for \"{}\": {}", question.name,
                                            zone::ldns_status_text(status)));
    }
    return std::vector<std::uint8_t>(wire, wire + size);
}

CheckedReply check_reply(std::span<const std::uint8_t> wire, const DnsQuestion& question,
                         std::uint16_t id) {
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, wire.data(), wire.size()) != LDNS_STATUS_OK) {
        return {};
    }
    Packet reply(parsed);
    if (!ldns_pkt_qr(reply.get()) || ldns_pkt_id(reply.get()) != id) {
        return {};
    }
    const ldns_rr_list* asked = ldns_pkt_question(reply.get());
    if (asked == nullptr || ldns_rr_list_rr_count(asked) != 1) {
        return {};
    }
    const ldns_rr* echoed = ldns_rr_list_rr(asked, 0);
    const LdnsRdf name = parse_name(question.name);
    if (!name || ldns_rr_get_type(echoed) != question.type ||
        ldns_rr_get_class(echoed) != LDNS_RR_CLASS_IN ||
        ldns_dname_compare(ldns_rr_owner(echoed), name.get()) != 0) {
        return {};
    }
    return {ReplyVerdict::Ours, std::move(reply)};
}

} // namespace dcvd::checker
