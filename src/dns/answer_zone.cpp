// dns/answer_zone.cpp: what a name inside the zone holds: the apex's static RRsets and SOA, other
// static owners, targets' TXT values in the store, empty non-terminals, nothing. Hot path:
// noexcept, no allocation; names and keys live in stack buffers.
#include "answer_zone.hpp"

#include <algorithm>

#include "answer_records.hpp"
#include "dcvd/wire/types.hpp"

namespace dcvd::dns {
namespace {

using Key = std::span<const std::uint8_t>;

/// One question being answered: what every step below needs.
struct Answering {
    const wire::Question& question;
    const AnswerContext& ctx;
    Response& response;

    [[nodiscard]] const zone::StaticZone& zone() const noexcept { return *ctx.zone; }
    [[nodiscard]] wire::ResponseWriter& records() const noexcept { return response.records(); }
    [[nodiscard]] bool asks(wire::RrType type) const noexcept {
        return question.qtype == wire::value(type);
    }
};

/// The store could not give a snapshot: say so rather than deny what may exist.
void servfail(const Answering& a) noexcept {
    a.response.set_authoritative(false);
    a.response.set_rcode(wire::Rcode::ServFail);
}

/// NODATA (NOERROR) or NXDOMAIN with the SOA in authority, cached for the RFC 2308 §5 negative
/// TTL. The SOA carries the store's serial, so the view is needed.
void negative(const Answering& a, wire::Rcode rcode) noexcept {
    if (!a.ctx.view_ok) {
        servfail(a);
        return;
    }
    a.response.set_rcode(rcode);
    const auto& soa = a.zone().soa();
    if (!put_soa(a.records(), wire::Section::Authority, a.zone(), a.ctx.view->serial(),
                 soa.negative_ttl())) {
        a.response.truncate();
    }
}

/// A static RRset as the answer; NS brings its glue.
void answer_rrset(const Answering& a, const zone::RRset& rrset) noexcept {
    if (!put_rrset(a.records(), wire::Section::Answer, rrset)) {
        a.response.truncate();
        return;
    }
    if (rrset.type == wire::value(wire::RrType::NS)) {
        put_glue(a.records(), a.zone());
    }
}

/// The apex: the SOA (with the store's serial), NS with glue, any static RRsets. ANY gets the
/// SOA alone (RFC 8482 §4.2: one RRset, never the whole node).
void answer_apex(const Answering& a) noexcept {
    if (a.asks(wire::RrType::SOA) || a.asks(wire::RrType::ANY)) {
        if (!a.ctx.view_ok) {
            servfail(a);
            return;
        }
        if (!put_soa(a.records(), wire::Section::Answer, a.zone(), a.ctx.view->serial(),
                     a.zone().soa().ttl)) {
            a.response.truncate();
        }
        return;
    }
    if (const zone::RRset* rrset = a.zone().find({}, a.question.qtype)) {
        answer_rrset(a, *rrset);
        return;
    }
    negative(a, wire::Rcode::NoError);
}

/// Another owner of the zone file: its RRset of the type asked, one RRset for ANY, or NODATA.
void answer_static_owner(const Answering& a, Key key) noexcept {
    const zone::RRset* rrset =
        a.asks(wire::RrType::ANY) ? a.zone().first_at(key) : a.zone().find(key, a.question.qtype);
    if (rrset == nullptr) {
        negative(a, wire::Rcode::NoError);
        return;
    }
    answer_rrset(a, *rrset);
}

/// A target: its live TXT values as one RRset for TXT and ANY (RFC 8482 §4.2), else NODATA.
void answer_target(const Answering& a, std::span<const std::uint8_t> record_bytes) noexcept {
    const store::TargetRecordView record(record_bytes);
    if (!record.ok()) {
        servfail(a); // a record the store cannot decode: never guess at its values
        return;
    }
    const LiveValues live = live_values(record, a.ctx.now);
    if (live.count == 0 || !(a.asks(wire::RrType::TXT) || a.asks(wire::RrType::ANY))) {
        negative(a, wire::Rcode::NoError);
        return;
    }
    if (!put_txt(a.records(), a.question.qname, record, a.ctx.now, live.ttl)) {
        a.response.truncate();
    }
}

} // namespace

void answer_in_zone(const wire::Question& question, const AnswerContext& ctx,
                    Response& response) noexcept {
    const Answering a{question, ctx, response};
    response.set_authoritative(true);
    wire::KeyBuffer buffer{};
    const std::size_t size =
        wire::relative_key(question.qname.wire(), a.zone().apex().label_count(), buffer);
    if (size == wire::invalid_key) {
        negative(a, wire::Rcode::NXDomain); // a label holding 0x00: no such name is ever stored
        return;
    }
    const Key key(buffer.data(), size);
    if (key.empty()) {
        answer_apex(a);
        return;
    }
    // Static owners win over targets at the same name: the zone file is the operator's word.
    if (a.zone().first_at(key) != nullptr) {
        answer_static_owner(a, key);
        return;
    }
    if (!ctx.view_ok) {
        servfail(a);
        return;
    }
    const store::Lookup found = ctx.view->find(key);
    switch (found.presence) {
    case store::Presence::Exists:
        answer_target(a, found.record);
        return;
    case store::Presence::EmptyNonTerminal:
        negative(a, wire::Rcode::NoError); // RFC 8020: a name with names below it exists
        return;
    case store::Presence::Absent:
        // Names between the apex and static owners are empty non-terminals too.
        negative(a, a.zone().has_descendant(key) ? wire::Rcode::NoError : wire::Rcode::NXDomain);
        return;
    }
}

} // namespace dcvd::dns
