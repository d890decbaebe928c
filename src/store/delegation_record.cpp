// store/delegation_record.cpp: encoding, bounds-checked decoding and validation of the
// checker's record of a delegation.
#include "delegation_record.hpp"

#include <array>
#include <stdexcept>

#include <fmt/format.h>

#include "byte_codec.hpp"

namespace dcvd::store {
namespace {

enum Flag : std::uint8_t { CnameSeen = 0x01, EdgeSeen = 0x02, HasCandidate = 0x04 };
constexpr std::uint8_t known_flags = CnameSeen | EdgeSeen | HasCandidate;

constexpr std::array all_reasons{StaleReason::None, StaleReason::HostMoved,
                                 StaleReason::NeverPointed, StaleReason::CnameRemoved};

bool is_state(std::uint8_t octet) noexcept {
    return octet <= static_cast<std::uint8_t>(DelegationState::Misdelegated);
}
bool is_reason(std::uint8_t octet) noexcept {
    return octet <= static_cast<std::uint8_t>(StaleReason::CnameRemoved);
}

// A reason goes with stale and with nothing else.
bool reason_fits(DelegationState state, StaleReason reason) noexcept {
    return (state == DelegationState::Stale) == (reason != StaleReason::None);
}

void append_evidence(std::vector<std::uint8_t>& out, std::string_view evidence) {
    append_be(out, static_cast<std::uint16_t>(evidence.size()));
    out.insert(out.end(), evidence.begin(), evidence.end());
}

// Reads u16 len | octets; a length over the bound fails the reader.
std::string_view take_evidence(ByteReader& in) noexcept {
    const std::size_t size = in.u16();
    if (size > max_evidence_size) {
        in.fail();
        return {};
    }
    return text_of(in.take(size));
}

base::Unexpected malformed() {
    return base::unexpected(base::ErrorCode::Internal, "malformed delegation record");
}

base::Unexpected invalid(std::string message) {
    return base::unexpected(base::ErrorCode::Invalid, std::move(message));
}

// The record's own fields, without the state (the target record's), which its reason must fit.
base::Result<void> validate_record(const DelegationStatus& status) {
    if (!is_reason(static_cast<std::uint8_t>(status.reason))) {
        return invalid("delegation status: unknown reason");
    }
    if (const auto& candidate = status.candidate;
        candidate && (!is_state(static_cast<std::uint8_t>(candidate->state)) ||
                      !is_reason(static_cast<std::uint8_t>(candidate->reason)) ||
                      !reason_fits(candidate->state, candidate->reason))) {
        return invalid("delegation status: the candidate's state and reason do not fit");
    }
    if (status.evidence.size() > max_evidence_size) {
        return invalid(fmt::format("delegation status: evidence of {} octets, at most {}",
                                   status.evidence.size(), max_evidence_size));
    }
    if (status.transitions.size() > max_kept_transitions) {
        return invalid(fmt::format("delegation status: {} transitions, at most {}",
                                   status.transitions.size(), max_kept_transitions));
    }
    for (const Transition& moved : status.transitions) {
        if (!is_state(static_cast<std::uint8_t>(moved.from)) ||
            !is_state(static_cast<std::uint8_t>(moved.to)) ||
            !is_reason(static_cast<std::uint8_t>(moved.reason)) ||
            !reason_fits(moved.to, moved.reason) || moved.evidence.size() > max_evidence_size) {
            return invalid("delegation status: a transition is out of bounds");
        }
    }
    return {};
}

} // namespace

std::string_view to_text(StaleReason reason) noexcept {
    switch (reason) {
    case StaleReason::HostMoved:
        return "host_moved";
    case StaleReason::NeverPointed:
        return "never_pointed";
    case StaleReason::CnameRemoved:
        return "cname_removed";
    case StaleReason::None:
        break;
    }
    return "";
}

std::optional<StaleReason> stale_reason_from_text(std::string_view text) noexcept {
    for (const auto reason : all_reasons) {
        if (reason != StaleReason::None && to_text(reason) == text) {
            return reason;
        }
    }
    return std::nullopt;
}

base::Result<void> validate_delegation(const DelegationStatus& status) {
    if (!is_state(static_cast<std::uint8_t>(status.state))) {
        return invalid("delegation status: unknown state");
    }
    if (!reason_fits(status.state, status.reason)) {
        return invalid(fmt::format("delegation status: state {} with reason '{}'",
                                   to_text(status.state), to_text(status.reason)));
    }
    return validate_record(status);
}

std::vector<std::uint8_t> encode_delegation(const DelegationStatus& status) {
    if (!validate_record(status)) {
        throw std::invalid_argument("delegation record: encode of a record that does not validate");
    }
    std::vector<std::uint8_t> out;
    out.push_back(delegation_format);
    out.push_back(static_cast<std::uint8_t>(status.reason));
    const auto flags = static_cast<std::uint8_t>((status.cname_seen ? CnameSeen : 0) |
                                                 (status.edge_seen ? EdgeSeen : 0) |
                                                 (status.candidate ? HasCandidate : 0));
    out.push_back(flags);
    if (const auto& candidate = status.candidate) {
        out.push_back(static_cast<std::uint8_t>(candidate->state));
        out.push_back(static_cast<std::uint8_t>(candidate->reason));
        out.push_back(candidate->checks);
        append_be(out, candidate->first_at);
    }
    append_be(out, status.last_check);
    append_be(out, status.next_check);
    append_be(out, status.interval);
    append_evidence(out, status.evidence);
    out.push_back(static_cast<std::uint8_t>(status.transitions.size()));
    for (const Transition& moved : status.transitions) {
        out.push_back(static_cast<std::uint8_t>(moved.from));
        out.push_back(static_cast<std::uint8_t>(moved.to));
        out.push_back(static_cast<std::uint8_t>(moved.reason));
        append_be(out, moved.at);
        append_evidence(out, moved.evidence);
    }
    return out;
}

base::Result<void> decode_delegation(std::span<const std::uint8_t> bytes,
                                     DelegationStatus& status) {
    ByteReader in(bytes);
    if (in.u8() != delegation_format) {
        return malformed();
    }
    DelegationStatus read;
    const std::uint8_t reason = in.u8();
    const std::uint8_t flags = in.u8();
    if (!in.ok() || !is_reason(reason) || (flags & ~known_flags) != 0) {
        return malformed();
    }
    read.reason = static_cast<StaleReason>(reason);
    read.cname_seen = (flags & CnameSeen) != 0;
    read.edge_seen = (flags & EdgeSeen) != 0;
    if ((flags & HasCandidate) != 0) {
        const std::uint8_t state = in.u8();
        const std::uint8_t candidate_reason = in.u8();
        const std::uint8_t checks = in.u8();
        const std::uint64_t first_at = in.u64();
        if (!in.ok() || !is_state(state) || !is_reason(candidate_reason)) {
            return malformed();
        }
        read.candidate = DelegationStatus::Candidate{static_cast<DelegationState>(state),
                                                     static_cast<StaleReason>(candidate_reason),
                                                     checks, first_at};
    }
    read.last_check = in.u64();
    read.next_check = in.u64();
    read.interval = in.u32();
    read.evidence = take_evidence(in);
    const std::size_t count = in.u8();
    if (!in.ok() || count > max_kept_transitions) {
        return malformed();
    }
    read.transitions.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        Transition moved;
        const std::uint8_t from = in.u8();
        const std::uint8_t to = in.u8();
        const std::uint8_t moved_reason = in.u8();
        moved.at = in.u64();
        moved.evidence = take_evidence(in);
        if (!in.ok() || !is_state(from) || !is_state(to) || !is_reason(moved_reason)) {
            return malformed();
        }
        moved.from = static_cast<DelegationState>(from);
        moved.to = static_cast<DelegationState>(to);
        moved.reason = static_cast<StaleReason>(moved_reason);
        read.transitions.push_back(std::move(moved));
    }
    if (!in.at_end()) {
        return malformed();
    }
    if (!validate_record(read)) {
        return malformed();
    }
    read.state = status.state;
    read.registered_at = status.registered_at;
    read.since = status.since;
    status = std::move(read);
    return {};
}

} // namespace dcvd::store
