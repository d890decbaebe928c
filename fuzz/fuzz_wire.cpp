// fuzz/fuzz_wire.cpp: differential fuzzing of the query parser against ldns: when both accept a
// message they must agree on header, question and EDNS; a question we accept must survive a
// round trip through the response writer. Any disagreement aborts.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include <ldns/ldns.h>

#include "dcvd/base/c_handle.hpp"
#include "dcvd/wire/query.hpp"
#include "dcvd/wire/writer.hpp"

namespace {

using namespace dcvd;
using LdnsPkt = base::CHandle<ldns_pkt, ldns_pkt_free>;

void require(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz_wire: %s\n", what);
        std::abort();
    }
}

LdnsPkt ldns_parse(std::span<const std::uint8_t> message) {
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, message.data(), message.size()) != LDNS_STATUS_OK) {
        return LdnsPkt{};
    }
    return LdnsPkt(raw);
}

bool same_name(const wire::Name& ours, const ldns_rdf* theirs) {
    const auto wire = ours.wire();
    return ldns_rdf_size(theirs) == wire.size() &&
           std::equal(wire.begin(), wire.end(), ldns_rdf_data(theirs));
}

void compare(const wire::Query& ours, const ldns_pkt* theirs) {
    const wire::Header& h = ours.header;
    require(h.id == ldns_pkt_id(theirs), "ID differs");
    require(h.has(wire::flag::qr) == ldns_pkt_qr(theirs), "QR differs");
    require(h.has(wire::flag::aa) == ldns_pkt_aa(theirs), "AA differs");
    require(h.has(wire::flag::tc) == ldns_pkt_tc(theirs), "TC differs");
    require(h.has(wire::flag::rd) == ldns_pkt_rd(theirs), "RD differs");
    require(h.has(wire::flag::ra) == ldns_pkt_ra(theirs), "RA differs");
    require(h.has(wire::flag::ad) == ldns_pkt_ad(theirs), "AD differs");
    require(h.has(wire::flag::cd) == ldns_pkt_cd(theirs), "CD differs");
    require(wire::value(h.opcode()) == ldns_pkt_get_opcode(theirs), "opcode differs");
    require(h.rcode() == ldns_pkt_get_rcode(theirs), "RCODE differs");

    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(theirs), 0);
    require(question != nullptr, "ldns has no question");
    require(same_name(ours.question.qname, ldns_rr_owner(question)), "QNAME differs");
    require(ours.question.qtype == ldns_rr_get_type(question), "QTYPE differs");
    require(ours.question.qclass == ldns_rr_get_class(question), "QCLASS differs");

    require(ours.edns.present == ldns_pkt_edns(theirs), "EDNS presence differs");
    if (ours.edns.present) {
        require(ours.edns.udp_payload == ldns_pkt_edns_udp_size(theirs), "payload differs");
        require(ours.edns.version == ldns_pkt_edns_version(theirs), "EDNS version differs");
        require(ours.edns.extended_rcode == ldns_pkt_edns_extended_rcode(theirs),
                "extended RCODE differs");
        require(ours.edns.dnssec_ok == ldns_pkt_edns_do(theirs), "DO differs");
    }
}

/// The end ldns reaches reading the name at `pos`, or 0 when it refuses it.
std::size_t ldns_name_end(std::span<const std::uint8_t> message, std::size_t pos) {
    ldns_rdf* name = nullptr;
    if (ldns_wire2dname(&name, message.data(), message.size(), &pos) != LDNS_STATUS_OK) {
        return 0;
    }
    ldns_rdf_deep_free(name);
    return pos;
}

/// Whether ldns reads every record after the one question to the end its RDLENGTH gives
/// (RFC 1035 §4.1.3). ldns reads some RDATA by structure instead (an A record with RDLENGTH 255
/// takes 4 octets, and what follows is read as further records): there it is no oracle.
bool ldns_honours_rdlength(std::span<const std::uint8_t> message) {
    const auto count = [&message](std::size_t at) {
        return static_cast<std::size_t>((message[at] << 8U) | message[at + 1]);
    };
    const std::size_t records = count(6) + count(8) + count(10);
    std::size_t pos = ldns_name_end(message, 12);
    if (pos == 0) {
        return false;
    }
    pos += 4;
    for (std::size_t i = 0; i < records; ++i) {
        const std::size_t owner_end = ldns_name_end(message, pos);
        if (owner_end == 0 || owner_end + 10 > message.size()) {
            return false;
        }
        const std::size_t rdata_end = owner_end + 10 + count(owner_end + 8);
        ldns_rr* rr = nullptr;
        if (ldns_wire2rr(&rr, message.data(), message.size(), &pos, LDNS_SECTION_ADDITIONAL) !=
            LDNS_STATUS_OK) {
            return false;
        }
        ldns_rr_free(rr);
        if (pos != rdata_end) {
            return false;
        }
    }
    return true;
}

/// The question written back by our writer reads in ldns as the same question.
void round_trip(const wire::Query& ours) {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto& q = ours.question;
    require(out.question(q.qname, q.qtype, q.qclass), "the question does not fit 512 octets");
    require(out.rr(wire::Section::Answer, q.qname, q.qtype, 0, {}), "an empty RR does not fit");
    const LdnsPkt written = ldns_parse(std::span(buffer).first(out.finish()));
    require(written != nullptr, "ldns refuses what we wrote");
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(written.get()), 0);
    const ldns_rr* answer = ldns_rr_list_rr(ldns_pkt_answer(written.get()), 0);
    require(question != nullptr && answer != nullptr, "records lost in the round trip");
    require(same_name(q.qname, ldns_rr_owner(question)), "written QNAME differs");
    require(same_name(q.qname, ldns_rr_owner(answer)), "compressed owner differs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> message(data, size);
    wire::Query ours;
    const wire::QueryStatus status = wire::parse_query(message, ours);
    if (ours.has_question) {
        round_trip(ours);
    }
    if (status != wire::QueryStatus::Ok) {
        return 0;
    }
    const LdnsPkt theirs = ldns_parse(message);
    if (theirs && ldns_honours_rdlength(message)) {
        compare(ours, theirs.get());
    }
    return 0;
}
