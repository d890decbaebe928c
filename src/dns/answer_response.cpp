// dns/answer_response.cpp: the response's header, OPT and truncation policy. Hot path: noexcept,
// no allocation.
#include "answer_response.hpp"

#include <algorithm>
#include <cassert>

#include "dcvd/wire/edns.hpp"
#include "dcvd/wire/header.hpp"

namespace dcvd::dns {

std::size_t response_limit(const wire::Query& query, Transport transport, std::uint16_t our_payload,
                           std::size_t buffer) noexcept {
    std::size_t limit = max_tcp_response;
    if (transport == Transport::Udp) {
        const std::size_t ours = std::max(our_payload, wire::min_udp_payload);
        limit = query.edns.present ? std::min<std::size_t>(query.edns.effective_payload(), ours)
                                   : wire::min_udp_payload;
    }
    return std::min(limit, buffer);
}

Response::Response(std::span<std::uint8_t> out, const wire::Query& query,
                   std::uint16_t our_payload) noexcept
    : writer_(out), query_flags_(query.header.flags), our_payload_(our_payload),
      has_opt_(query.edns.present) {
    writer_.set_id(query.header.id);
    // A question is at most 259 octets: with the header and an OPT it fits 512, the least any
    // limit is.
    if (query.has_question) {
        [[maybe_unused]] const bool echoed =
            writer_.question(query.question.qname, query.question.qtype, query.question.qclass);
        assert(echoed);
    }
    if (has_opt_) {
        [[maybe_unused]] const bool reserved = writer_.reserve(wire::opt_rr_size);
        assert(reserved);
    }
    after_question_ = writer_.mark();
}

void Response::truncate() noexcept {
    writer_.rollback(after_question_);
    truncated_ = true;
}

std::size_t Response::finish(AnswerInfo& info) noexcept {
    const auto rcode = wire::value(rcode_);
    // RD and CD are copied (RFC 1035 §4.1.1, RFC 6840 §5.9); RA, AD and Z stay clear.
    std::uint16_t flags = wire::flag::qr | (query_flags_ & wire::flag::opcode_mask) |
                          (query_flags_ & (wire::flag::rd | wire::flag::cd)) |
                          (rcode & wire::flag::rcode_mask);
    if (authoritative_) {
        flags |= wire::flag::aa;
    }
    if (truncated_) {
        flags |= wire::flag::tc;
    }
    writer_.set_flags(flags);
    if (has_opt_) {
        writer_.release();
        // RFC 6891 §6.1.3: the upper 8 bits of a 12-bit RCODE go in the OPT; version 0 is all we
        // speak. DO stays clear: we do not sign (RFC 3225 §3 binds only DNSSEC-aware servers).
        [[maybe_unused]] const bool written =
            writer_.opt(our_payload_, static_cast<std::uint8_t>(rcode >> 4), 0, false);
        assert(written);
    }
    info.rcode = rcode;
    info.truncated = truncated_;
    return writer_.finish();
}

} // namespace dcvd::dns
