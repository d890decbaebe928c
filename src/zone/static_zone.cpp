// zone/static_zone.cpp: loading (read with ldns, check, group) and the lookups the answer path
// makes. Lookups are binary searches over RRsets sorted by (key, type): noexcept, no allocation.
#include "dcvd/zone/static_zone.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "dcvd/wire/octets.hpp"
#include "zone_builder.hpp"
#include "zone_error.hpp"
#include "zone_file_reader.hpp"

namespace dcvd::zone {
namespace {

constexpr std::uint16_t type_a = 1;
constexpr std::uint16_t type_ns = 2;
constexpr std::uint16_t type_aaaa = 28;

using wire::compare_octets;

bool is_before(const RRset& rrset, std::span<const std::uint8_t> key, std::uint16_t type) noexcept {
    const auto order = compare_octets(rrset.key, key);
    return order < 0 || (order == 0 && rrset.type < type);
}

} // namespace

StaticZone::StaticZone(wire::Name apex, Soa soa, std::vector<RRset> rrsets,
                       std::array<std::uint8_t, 32> digest)
    : apex_(apex), soa_(std::move(soa)), rrsets_(std::move(rrsets)), digest_(digest) {
    std::stable_sort(rrsets_.begin(), rrsets_.end(),
                     [](const RRset& a, const RRset& b) { return is_before(a, b.key, b.type); });
    const RRset* apex_ns = find({}, type_ns);
    if (apex_ns == nullptr) {
        return;
    }
    for (const auto& rdata : apex_ns->rdatas) {
        wire::Name target;
        if (!wire::Name::from_wire(rdata, target) || !target.is_subdomain_of(apex_)) {
            continue; // out-of-zone servers have no glue here
        }
        wire::KeyBuffer key{};
        const std::size_t size = wire::relative_key(target.wire(), apex_.label_count(), key);
        if (size == wire::invalid_key) {
            continue;
        }
        for (const std::uint16_t type : {type_a, type_aaaa}) {
            const RRset* address = find({key.data(), size}, type);
            if (address != nullptr &&
                std::find(glue_.begin(), glue_.end(), address) == glue_.end()) {
                glue_.push_back(address);
            }
        }
    }
}

const RRset* StaticZone::find(std::span<const std::uint8_t> key,
                              std::uint16_t type) const noexcept {
    const auto it =
        std::lower_bound(rrsets_.begin(), rrsets_.end(), key,
                         [type](const RRset& rrset, std::span<const std::uint8_t> wanted) {
                             return is_before(rrset, wanted, type);
                         });
    if (it == rrsets_.end() || it->type != type || compare_octets(it->key, key) != 0) {
        return nullptr;
    }
    return &*it;
}

const RRset* StaticZone::first_at(std::span<const std::uint8_t> key) const noexcept {
    const auto it = std::lower_bound(rrsets_.begin(), rrsets_.end(), key,
                                     [](const RRset& rrset, std::span<const std::uint8_t> wanted) {
                                         return compare_octets(rrset.key, wanted) < 0;
                                     });
    if (it == rrsets_.end() || compare_octets(it->key, key) != 0) {
        return nullptr;
    }
    return &*it;
}

bool StaticZone::has_descendant(std::span<const std::uint8_t> key) const noexcept {
    // Each label of a key ends in 0x00, so the keys of names below `key` are exactly the longer
    // keys that start with it, and they sort right after it: look at the first key past it.
    const auto it = std::partition_point(rrsets_.begin(), rrsets_.end(), [key](const RRset& r) {
        return compare_octets(r.key, key) <= 0;
    });
    return it != rrsets_.end() && it->key.size() > key.size() &&
           std::equal(key.begin(), key.end(), it->key.begin());
}

base::Result<std::shared_ptr<const StaticZone>>
StaticZone::parse(std::string_view text, const wire::Name& apex, std::string_view origin_label) {
    const wire::Name origin = apex.lowered();
    const ReadOutcome read = read_zone_text(text, origin, origin_label);
    if (!read.errors.empty()) {
        return base::unexpected(base::ErrorCode::Invalid, joined_lines(read.errors));
    }
    auto built = build_zone(read.records, read.last_line, origin, origin_label);
    if (!built) {
        return base::unexpected(std::move(built).error());
    }
    return std::make_shared<const StaticZone>(origin, std::move(built->soa),
                                              std::move(built->rrsets), built->digest);
}

base::Result<std::shared_ptr<const StaticZone>> StaticZone::load(const std::filesystem::path& file,
                                                                 const wire::Name& apex) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int error = errno;
        return base::unexpected(
            error == ENOENT ? base::ErrorCode::NotFound : base::ErrorCode::Unavailable,
            fmt::format("{}: cannot read the zone file: {}", file.string(), std::strerror(error)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return base::unexpected(base::ErrorCode::Unavailable,
                                fmt::format("{}: cannot read the zone file", file.string()));
    }
    return parse(text.str(), apex, file.string());
}

} // namespace dcvd::zone
