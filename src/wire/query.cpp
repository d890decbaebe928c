// wire/query.cpp: the query parser. Hot path: noexcept, no allocation; one pass over the message,
// every count bounded by the octets that remain.
#include "dcvd/wire/query.hpp"

#include "dcvd/wire/types.hpp"

namespace dcvd::wire {
namespace {

/// What walking one resource record found.
enum class RrWalk : std::uint8_t { Plain, Opt, BadOpt };

/// Reads one RR of the answer, authority or additional section; decodes it into `edns` when it
/// is an OPT. The owner is read (and so checked) even where it is not needed.
RrWalk walk_rr(WireReader& in, Edns& edns) noexcept {
    Name owner;
    const bool named = in.name(owner);
    const auto type = in.u16();
    const auto rr_class = in.u16();
    const auto ttl = in.u32();
    const auto rdata = in.bytes(in.u16());
    if (!named || !in.ok() || type != value(RrType::OPT)) {
        return RrWalk::Plain;
    }
    // RFC 6891 §6.1.2: the OPT's owner MUST be the root.
    if (!owner.is_root() || !read_opt(rr_class, ttl, rdata, edns)) {
        return RrWalk::BadOpt;
    }
    return RrWalk::Opt;
}

/// The query status a reader failure causes.
QueryStatus query_status(ReadStatus status) noexcept {
    switch (status) {
    case ReadStatus::Ok:
        return QueryStatus::Ok;
    case ReadStatus::Truncated:
        return QueryStatus::Truncated;
    case ReadStatus::BadLabelType:
    case ReadStatus::BadPointer:
    case ReadStatus::NameTooLong:
        return QueryStatus::BadName;
    }
    return QueryStatus::BadName;
}

} // namespace

QueryStatus parse_query(std::span<const std::uint8_t> message, Query& out) noexcept {
    out = Query{};
    WireReader in(message);
    out.header = in.header();
    if (!in.ok()) {
        return QueryStatus::Truncated;
    }

    // The first question is read in place; any further ones (a QDCOUNT error) only walked.
    for (std::uint32_t i = 0; i < out.header.qdcount && in.ok(); ++i) {
        Question skipped;
        Question& question = i == 0 ? out.question : skipped;
        const bool named = in.name(question.qname);
        question.qtype = in.u16();
        question.qclass = in.u16();
        out.has_question = out.has_question || (named && in.ok() && out.header.qdcount == 1);
    }

    // RFC 6891 §6.1.1: at most one OPT, and only in the additional section.
    Edns edns;
    bool bad_opt = false;
    const std::uint32_t outside_additional = std::uint32_t{out.header.ancount} + out.header.nscount;
    const std::uint32_t records = outside_additional + out.header.arcount;
    for (std::uint32_t i = 0; i < records && in.ok(); ++i) {
        const bool seen_before = edns.present;
        switch (walk_rr(in, edns)) {
        case RrWalk::Plain:
            break;
        case RrWalk::Opt:
            bad_opt = bad_opt || seen_before || i < outside_additional;
            break;
        case RrWalk::BadOpt:
            bad_opt = true;
            break;
        }
    }

    if (!in.ok()) {
        return query_status(in.status());
    }
    if (bad_opt) {
        return QueryStatus::BadOpt;
    }
    out.edns = edns;
    return out.header.qdcount == 1 ? QueryStatus::Ok : QueryStatus::QuestionCount;
}

} // namespace dcvd::wire
