// zone/zone_builder.hpp: what dcvd accepts in its static zone, and how records become RRsets
// (RFC 2181 §5: one TTL per RRset, no duplicate records).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "zone_file_reader.hpp"

namespace dcvd::zone {

struct BuiltZone {
    Soa soa;
    std::vector<RRset> rrsets; ///< (key, type) order, SOA included; rdatas in canonical order
    crypto::Sha256Digest digest{};
};

/// Checks `records` against the static zone's rules and groups them. Every refused record is
/// reported, one "<file>:<line>: <reason>" per line. Differing TTLs in an RRset become the
/// lowest and duplicate records are dropped, each with a warning on the "zone" logger.
/// `last_line` is the line "missing record" errors point at.
[[nodiscard]] base::Result<BuiltZone> build_zone(std::span<const Record> records,
                                                 std::size_t last_line, const wire::Name& apex,
                                                 std::string_view file);

} // namespace dcvd::zone
