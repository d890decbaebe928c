// zone/static_zone.hpp: the static part of the validation zone (SOA, NS, glue, fixed records),
// loaded from a zone file with ldns and kept in wire form for the answer path. Immutable once
// built; a reload builds a new one and swaps a shared_ptr<const StaticZone>.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::zone {

/// One RRset of the zone file. Rdata is uncompressed wire form (names in rdata are never
/// compressed by us: RFC 3597 §4 for unknown types, and it keeps the answer path simple).
struct RRset {
    wire::Name owner;              ///< lower-cased
    std::vector<std::uint8_t> key; ///< wire::relative_key of owner (apex: empty)
    std::uint16_t type = 0;
    std::uint32_t ttl = 0; ///< one TTL per RRset (RFC 2181 §5.2: the lowest)
    std::vector<std::vector<std::uint8_t>> rdatas;
};

/// The SOA fields the answer path needs; the serial is taken from the store at answer time.
struct Soa {
    std::uint32_t ttl = 0;
    std::uint32_t serial = 0; ///< the zone file's serial (the store's starts from it)
    std::uint32_t minimum = 0;
    /// SOA rdata in wire form; its serial occupies octets [serial_offset, serial_offset + 4).
    std::vector<std::uint8_t> rdata;
    std::size_t serial_offset = 0;
    /// RFC 2308 §5: negative answers are cached for min(SOA TTL, SOA MINIMUM).
    [[nodiscard]] std::uint32_t negative_ttl() const noexcept {
        return ttl < minimum ? ttl : minimum;
    }
};

class StaticZone {
public:
    /// Parses `file` with ldns, expecting apex `apex`. Errors read "file:line: reason". Refused:
    /// no SOA or several, SOA not at the apex, no NS at the apex, records outside the zone,
    /// delegations (NS below the apex), DNAME, CNAME, wildcard owners, classes other than IN,
    /// a relative-name record before $ORIGIN is known.
    [[nodiscard]] static base::Result<std::shared_ptr<const StaticZone>>
    load(const std::filesystem::path& file, const wire::Name& apex);
    /// The same from text (tests); `origin_label` names it in error messages.
    [[nodiscard]] static base::Result<std::shared_ptr<const StaticZone>>
    parse(std::string_view text, const wire::Name& apex, std::string_view origin_label);

    [[nodiscard]] const wire::Name& apex() const noexcept { return apex_; }
    [[nodiscard]] const Soa& soa() const noexcept { return soa_; }
    /// RRsets sorted by (key, type): canonical order, so lookups binary-search.
    [[nodiscard]] std::span<const RRset> rrsets() const noexcept { return rrsets_; }
    /// The RRset of `type` at relative key `key`, or nullptr.
    [[nodiscard]] const RRset* find(std::span<const std::uint8_t> key,
                                    std::uint16_t type) const noexcept;
    /// The first RRset (lowest type) at relative key `key`, or nullptr: whether a static owner
    /// sits there, and what a minimal ANY answers (RFC 8482 §4.2).
    [[nodiscard]] const RRset* first_at(std::span<const std::uint8_t> key) const noexcept;
    /// Whether a static owner lies strictly below `key` (RFC 8020 empty non-terminal).
    [[nodiscard]] bool has_descendant(std::span<const std::uint8_t> key) const noexcept;
    /// A/AAAA RRsets inside the zone for the apex NS targets (glue for the additional section).
    [[nodiscard]] std::span<const RRset* const> glue() const noexcept { return glue_; }
    /// SHA-256 of the canonical static content: reloads that change it advance the serial.
    [[nodiscard]] const std::array<std::uint8_t, 32>& digest() const noexcept { return digest_; }

    StaticZone(wire::Name apex, Soa soa, std::vector<RRset> rrsets,
               std::array<std::uint8_t, 32> digest);
    StaticZone(const StaticZone&) = delete; ///< glue() points into rrsets(): share, don't copy
    StaticZone& operator=(const StaticZone&) = delete;

private:
    wire::Name apex_;
    Soa soa_;
    std::vector<RRset> rrsets_;
    std::vector<const RRset*> glue_;
    std::array<std::uint8_t, 32> digest_{};
};

} // namespace dcvd::zone
