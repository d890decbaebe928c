// dns/answer.cpp: the answer path's entry: drop or parse, then the first rule that applies picks
// the response. Hot path: noexcept, no allocation, no lock; a bad packet is FORMERR or a drop.
#include "dcvd/dns/answer.hpp"

#include <cassert>

#include "answer_response.hpp"
#include "answer_zone.hpp"
#include "dcvd/wire/query.hpp"
#include "dcvd/wire/reader.hpp"
#include "dcvd/wire/types.hpp"

namespace dcvd::dns {
namespace {

using wire::Rcode;
using wire::RrType;

/// The error a QTYPE we never answer from data gets, or NoError for ordinary QTYPEs and ANY.
Rcode qtype_error(std::uint16_t qtype) noexcept {
    switch (static_cast<RrType>(qtype)) {
    case RrType::OPT:  // RFC 6891 §6.1.1: a pseudo-RR of the additional section only
    case RrType::TSIG: // RFC 8945 §5.1: likewise, and last there
        return Rcode::FormErr;
    case RrType::AXFR:  // Zone transfers come with TSIG in a later issue. Until then NOTIMP on both
    case RrType::IXFR:  // transports: RFC 5936 §4.2 forbids AXFR over UDP, and RFC 1995's UDP
                        // IXFR (answered with the SOA) would promise transfers over TCP we refuse.
    case RrType::TKEY:  // RFC 2930 key negotiation: not implemented
    case RrType::MAILB: // RFC 883 mail QTYPEs, obsolete (RFC 2505 §6)
    case RrType::MAILA:
        return Rcode::NotImp;
    default:
        return Rcode::NoError;
    }
}

/// Picks the response for a parsed query, in order of precedence.
void respond(wire::QueryStatus status, const wire::Query& query, const AnswerContext& ctx,
             Response& response) noexcept {
    const auto fail = [&response](Rcode rcode) { response.set_rcode(rcode); };
    // A message that does not parse is FORMERR whatever its opcode: nothing in it can be trusted,
    // an OPT included (RFC 6891 §6.1.1 for a bad one), so the response carries none.
    if (status == wire::QueryStatus::Truncated || status == wire::QueryStatus::BadName ||
        status == wire::QueryStatus::BadOpt) {
        return fail(Rcode::FormErr);
    }
    if (query.edns.present && query.edns.version > 0) {
        return fail(Rcode::BadVers); // RFC 6891 §6.1.3: we speak version 0 only
    }
    if (query.header.opcode() != wire::Opcode::Query) {
        return fail(Rcode::NotImp); // RFC 1035 §4.1.1; NOTIFY and UPDATE are not ours to take
    }
    if (status == wire::QueryStatus::QuestionCount) {
        return fail(Rcode::FormErr);
    }
    const wire::Question& question = query.question;
    // Only IN data is held: CH (version.bind and friends), HS, ANY and the rest are REFUSED.
    if (question.qclass != wire::value(wire::RrClass::IN)) {
        return fail(Rcode::Refused);
    }
    if (const Rcode error = qtype_error(question.qtype); error != Rcode::NoError) {
        return fail(error);
    }
    if (!question.qname.is_subdomain_of(ctx.zone->apex())) {
        return fail(Rcode::Refused); // not our zone; no AA
    }
    answer_in_zone(question, ctx, response);
}

} // namespace

std::size_t answer(std::span<const std::uint8_t> query, std::span<std::uint8_t> out,
                   Transport transport, const AnswerContext& ctx, AnswerInfo& info) noexcept {
    assert(ctx.zone != nullptr && (!ctx.view_ok || ctx.view != nullptr));
    info = AnswerInfo{};
    wire::WireReader head(query);
    const wire::Header header = head.header();
    const std::size_t smallest = transport == Transport::Udp ? max_udp_response : max_tcp_response;
    // Never answer a response (reflection loops), nor what cannot hold a header to echo.
    if (!head.ok() || header.has(wire::flag::qr) || out.size() < smallest) {
        info.dropped = true;
        return 0;
    }
    wire::Query parsed;
    const wire::QueryStatus status = wire::parse_query(query, parsed);
    info.qtype = parsed.has_question ? parsed.question.qtype : 0;
    Response response(out.first(response_limit(parsed, transport, ctx.edns_payload, out.size())),
                      parsed, ctx.edns_payload);
    respond(status, parsed, ctx, response);
    return response.finish(info);
}

} // namespace dcvd::dns
