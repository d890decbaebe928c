// zone/zone_digest.hpp: the fingerprint of the static zone's content. The store advances the SOA
// serial when it changes, so it must move with what is served and with nothing else.
#pragma once

#include <span>

#include "dcvd/crypto/sha256.hpp"
#include "dcvd/zone/static_zone.hpp"

namespace dcvd::zone {

/// SHA-256 over every RRset in the order given (callers pass (key, type) order): owner, type,
/// TTL, then each rdata length-prefixed. `canonical_rrsets` hold rdata in RFC 4034 §6.2 canonical
/// form and §6.3 order, so layout, comments, record order, relative or absolute names, TTL units
/// and letter case do not count. The SOA's SERIAL is left out: a serial bump alone in the file
/// is not new content (the store still moves forward to a file serial greater than its own).
[[nodiscard]] crypto::Sha256Digest content_digest(std::span<const RRset> canonical_rrsets);

} // namespace dcvd::zone
