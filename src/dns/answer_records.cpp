// dns/answer_records.cpp: the record writers of the answer path. Hot path: noexcept, no
// allocation; an RRset goes in whole or not at all (RFC 2181 §5, §9).
#include "answer_records.hpp"

#include <algorithm>
#include <array>

#include "dcvd/wire/types.hpp"

namespace dcvd::dns {
namespace {

/// Whether a value is served at `now`: values are never served from their expiry on.
bool is_live(const store::ValueView& value, std::uint64_t now) noexcept {
    return value.expires_at > now;
}

} // namespace

bool put_soa(wire::ResponseWriter& out, wire::Section section, const zone::StaticZone& zone,
             std::uint32_t serial, std::uint32_t ttl) noexcept {
    const zone::Soa& soa = zone.soa();
    const std::span<const std::uint8_t> rdata = soa.rdata;
    const std::array<std::uint8_t, 4> serial_octets{
        static_cast<std::uint8_t>(serial >> 24), static_cast<std::uint8_t>(serial >> 16),
        static_cast<std::uint8_t>(serial >> 8), static_cast<std::uint8_t>(serial)};
    return out.rr(section, zone.apex(), wire::value(wire::RrType::SOA), ttl,
                  {rdata.first(soa.serial_offset), serial_octets,
                   rdata.subspan(soa.serial_offset + serial_octets.size())});
}

bool put_rrset(wire::ResponseWriter& out, wire::Section section,
               const zone::RRset& rrset) noexcept {
    const auto start = out.mark();
    for (const auto& rdata : rrset.rdatas) {
        if (!out.rr(section, rrset.owner, rrset.type, rrset.ttl, {rdata})) {
            out.rollback(start);
            return false;
        }
    }
    return true;
}

void put_glue(wire::ResponseWriter& out, const zone::StaticZone& zone) noexcept {
    for (const zone::RRset* address : zone.glue()) {
        static_cast<void>(put_rrset(out, wire::Section::Additional, *address));
    }
}

LiveValues live_values(const store::TargetRecordView& record, std::uint64_t now) noexcept {
    LiveValues live;
    if (record.is_suppressed()) {
        return live;
    }
    auto values = record.values();
    store::ValueView value;
    while (values.next(value)) {
        if (is_live(value, now)) {
            live.ttl = live.count == 0 ? value.ttl : std::min(live.ttl, value.ttl);
            ++live.count;
        }
    }
    return live;
}

bool put_txt(wire::ResponseWriter& out, const wire::Name& owner,
             const store::TargetRecordView& record, std::uint64_t now, std::uint32_t ttl) noexcept {
    const auto start = out.mark();
    auto values = record.values();
    store::ValueView value;
    while (values.next(value)) {
        if (!is_live(value, now)) {
            continue;
        }
        // The store holds 1..255 octets per value: exactly one <character-string>.
        const std::array<std::uint8_t, 1> length{static_cast<std::uint8_t>(value.text.size())};
        if (!out.rr(wire::Section::Answer, owner, wire::value(wire::RrType::TXT), ttl,
                    {length, value.text})) {
            out.rollback(start);
            return false;
        }
    }
    return true;
}

} // namespace dcvd::dns
