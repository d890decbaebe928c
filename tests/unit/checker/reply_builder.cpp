// tests/unit/checker/reply_builder.cpp: ldns packets from text.
#include "reply_builder.hpp"

#include <catch2/catch.hpp>

namespace dcvd::checker::test {
namespace {

ldns_rr* record(const char* line) {
    ldns_rr* rr = nullptr;
    REQUIRE(ldns_rr_new_frm_str(&rr, line, 60, nullptr, nullptr) == LDNS_STATUS_OK);
    return rr;
}

} // namespace

Packet reply(const std::string& name, ldns_rr_type type, const ReplySpec& spec) {
    Packet packet(ldns_pkt_new());
    ldns_pkt_set_qr(packet.get(), true);
    ldns_pkt_set_aa(packet.get(), spec.authoritative);
    ldns_pkt_set_rcode(packet.get(), static_cast<std::uint8_t>(spec.rcode));
    ldns_rr* question = ldns_rr_new();
    ldns_rr_set_owner(question, ldns_dname_new_frm_str(name.c_str()));
    ldns_rr_set_type(question, type);
    ldns_rr_set_class(question, LDNS_RR_CLASS_IN);
    ldns_rr_set_question(question, true);
    ldns_pkt_push_rr(packet.get(), LDNS_SECTION_QUESTION, question);
    for (const char* line : spec.answer) {
        ldns_pkt_push_rr(packet.get(), LDNS_SECTION_ANSWER, record(line));
    }
    for (const char* line : spec.authority) {
        ldns_pkt_push_rr(packet.get(), LDNS_SECTION_AUTHORITY, record(line));
    }
    return packet;
}

} // namespace dcvd::checker::test
