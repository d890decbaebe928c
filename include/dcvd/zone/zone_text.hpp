// zone/zone_text.hpp: presentation form (RFC 1035 §5) of static RRsets, for `dcvd export`.
#pragma once

#include <cstdint>
#include <string>

#include "dcvd/zone/static_zone.hpp"

namespace dcvd::zone {

/// The RRset as zone-file lines ("owner ttl IN type rdata\n" per record), absolute names.
/// For the SOA, `serial` replaces the zone file's serial (the store's is the served one).
[[nodiscard]] std::string rrset_to_text(const RRset& rrset, std::uint32_t serial);

} // namespace dcvd::zone
