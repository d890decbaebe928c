// store/target_record.cpp: encoding of target records, and the zero-copy view the answer path
// reads them with. The view is hot path: noexcept, no allocation, every length checked.
#include "dcvd/store/target_record.hpp"

#include <limits>
#include <stdexcept>

#include "big_endian.hpp"
#include "byte_codec.hpp"

namespace dcvd::store {
namespace {

// u8 format | u8 flags | u8 host_len, then host_len octets, u64 created, u8 state,
// u64 state_since and u8 count.
constexpr std::size_t header_fixed = 3 + 8 + 1 + 8 + 1;
// u64 expires_at | u32 ttl | u8 len, then len octets.
constexpr std::size_t value_fixed = 8 + 4 + 1;
constexpr std::size_t max_u8 = std::numeric_limits<std::uint8_t>::max();

struct Header {
    std::uint8_t flags = 0;
    std::span<const std::uint8_t> host;
    std::uint64_t created = 0;
    std::uint8_t state = 0;
    std::uint64_t state_since = 0;
    std::size_t count = 0;
    std::span<const std::uint8_t> values;
};

bool parse_header(std::span<const std::uint8_t> bytes, Header& out) noexcept {
    if (bytes.size() < header_fixed || bytes[0] != record_format) {
        return false;
    }
    const std::size_t host_len = bytes[2];
    if (bytes.size() - header_fixed < host_len) {
        return false;
    }
    out.flags = bytes[1];
    out.host = bytes.subspan(3, host_len);
    std::size_t at = 3 + host_len;
    out.created = load_be<std::uint64_t>(bytes.subspan(at));
    at += 8;
    out.state = bytes[at++];
    if (out.state > static_cast<std::uint8_t>(DelegationState::Misdelegated)) {
        return false;
    }
    out.state_since = load_be<std::uint64_t>(bytes.subspan(at));
    at += 8;
    out.count = bytes[at++];
    out.values = bytes.subspan(at);
    return true;
}

// Takes one value off the front of `rest`; false (rest untouched) when it does not fit.
bool take_value(std::span<const std::uint8_t>& rest, ValueView& out) noexcept {
    if (rest.size() < value_fixed) {
        return false;
    }
    const std::size_t len = rest[12];
    if (len == 0 || rest.size() - value_fixed < len) {
        return false;
    }
    out.expires_at = load_be<std::uint64_t>(rest);
    out.ttl = load_be<std::uint32_t>(rest.subspan(8));
    out.text = rest.subspan(value_fixed, len);
    rest = rest.subspan(value_fixed + len);
    return true;
}

} // namespace

std::vector<std::uint8_t> encode(const TargetRecord& record) {
    // The writer validates before encoding: a field that does not fit is a bug, not input.
    if (record.host.size() > max_u8 || record.values.size() > max_u8) {
        throw std::invalid_argument("target record: host or value count does not fit in a u8");
    }
    std::vector<std::uint8_t> out;
    out.reserve(header_fixed + record.host.size() + record.values.size() * (value_fixed + 64));
    out.push_back(record_format);
    out.push_back(record.flags);
    append_text(out, record.host);
    append_be(out, record.created);
    out.push_back(static_cast<std::uint8_t>(record.state));
    append_be(out, record.state_since);
    out.push_back(static_cast<std::uint8_t>(record.values.size()));
    for (const ChallengeValue& value : record.values) {
        if (value.text.empty() || value.text.size() > max_u8) {
            throw std::invalid_argument("target record: a value must hold 1..255 octets");
        }
        append_be(out, value.expires_at);
        append_be(out, value.ttl);
        append_text(out, value.text);
    }
    return out;
}

base::Result<TargetRecord> decode(std::span<const std::uint8_t> bytes) {
    const TargetRecordView view(bytes);
    Header header;
    if (!view.ok() || !parse_header(bytes, header)) {
        return base::unexpected(base::ErrorCode::Internal, "malformed target record");
    }
    TargetRecord record;
    record.host.assign(header.host.begin(), header.host.end());
    record.flags = header.flags;
    record.created = header.created;
    record.state = static_cast<DelegationState>(header.state);
    record.state_since = header.state_since;
    record.values.reserve(view.value_count());
    auto cursor = view.values();
    for (ValueView value; cursor.next(value);) {
        record.values.push_back(ChallengeValue{std::string(value.text.begin(), value.text.end()),
                                               value.ttl, value.expires_at});
    }
    return record;
}

TargetRecordView::TargetRecordView(std::span<const std::uint8_t> bytes) noexcept {
    Header header;
    if (!parse_header(bytes, header)) {
        return;
    }
    // Walk every value once so that ok() vouches for the whole record, trailing octets included.
    std::span<const std::uint8_t> rest = header.values;
    for (std::size_t i = 0; i < header.count; ++i) {
        ValueView skipped;
        if (!take_value(rest, skipped)) {
            return;
        }
    }
    if (!rest.empty()) {
        return;
    }
    values_ = header.values;
    count_ = header.count;
    suppressed_ = (header.flags & static_cast<std::uint8_t>(RecordFlag::Suppressed)) != 0;
    ok_ = true;
}

bool TargetRecordView::Cursor::next(ValueView& out) noexcept {
    if (left_ == 0 || !take_value(rest_, out)) {
        left_ = 0;
        return false;
    }
    --left_;
    return true;
}

std::string_view to_text(DelegationState state) noexcept {
    switch (state) {
    case DelegationState::Pending:
        return "pending";
    case DelegationState::Delegated:
        return "delegated";
    case DelegationState::Active:
        return "active";
    case DelegationState::Stale:
        return "stale";
    case DelegationState::Misdelegated:
        return "misdelegated";
    }
    return "unknown";
}

std::optional<DelegationState> delegation_state_from_text(std::string_view text) noexcept {
    for (const auto state : all_delegation_states) {
        if (to_text(state) == text) {
            return state;
        }
    }
    return std::nullopt;
}

} // namespace dcvd::store
