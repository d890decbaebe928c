// dns/answer_records.hpp: writers of the records an answer holds: the SOA with the store's
// serial, static RRsets, glue, and a target's live TXT values. Hot path: noexcept, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dcvd/store/target_record.hpp"
#include "dcvd/wire/writer.hpp"
#include "dcvd/zone/static_zone.hpp"

namespace dcvd::dns {

/// The zone's SOA in `section`, its serial replaced by `serial` (the zone file's is only where
/// the store's started). False when it does not fit.
[[nodiscard]] bool put_soa(wire::ResponseWriter& out, wire::Section section,
                           const zone::StaticZone& zone, std::uint32_t serial,
                           std::uint32_t ttl) noexcept;

/// Every record of `rrset`, or none: false when they do not all fit.
[[nodiscard]] bool put_rrset(wire::ResponseWriter& out, wire::Section section,
                             const zone::RRset& rrset) noexcept;

/// Glue for the apex NS in the additional section: each address RRset that fits, whole; the
/// others are left out without TC (they are not needed to answer the question).
void put_glue(wire::ResponseWriter& out, const zone::StaticZone& zone) noexcept;

/// The values of a target that may be served at `now`: unexpired ones of an unsuppressed record.
struct LiveValues {
    std::size_t count = 0;
    std::uint32_t ttl = 0; ///< the lowest of their TTLs: one TTL per RRset (RFC 2181 §5.2)
};
[[nodiscard]] LiveValues live_values(const store::TargetRecordView& record,
                                     std::uint64_t now) noexcept;

/// The live values as one TXT RRset at `owner` with TTL `ttl`, each value one
/// <character-string> (RFC 1035 §3.3.14). False, with nothing written, when they do not all fit.
[[nodiscard]] bool put_txt(wire::ResponseWriter& out, const wire::Name& owner,
                           const store::TargetRecordView& record, std::uint64_t now,
                           std::uint32_t ttl) noexcept;

} // namespace dcvd::dns
