// zone/zone_builder.cpp: the rules of the static zone, then grouping into RRsets. Challenge
// targets live in the store, so the file may hold only what cannot shadow or redirect them.
#include "zone_builder.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "dcvd/base/log.hpp"
#include "dcvd/wire/octets.hpp"
#include "dcvd/zone/ldns_support.hpp"
#include "soa_fields.hpp"
#include "zone_digest.hpp"
#include "zone_error.hpp"

namespace dcvd::zone {
namespace {

// RR types and class by their RFC numbers (RFC 1035 §3.2.2, RFC 6672, RFC 6891, RFC 2845).
constexpr std::uint16_t type_ns = 2;
constexpr std::uint16_t type_cname = 5;
constexpr std::uint16_t type_soa = 6;
constexpr std::uint16_t type_opt = 41;
constexpr std::uint16_t type_dname = 39;
constexpr std::uint16_t first_query_only_type = 249; // TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY
constexpr std::uint16_t last_query_only_type = 255;
constexpr std::uint16_t class_in = 1;

using GroupKey = std::pair<std::vector<std::uint8_t>, std::uint16_t>; // (key, type)

struct Group {
    std::vector<const Record*> records;
};

bool is_wildcard(const wire::Name& owner) noexcept {
    const auto octets = owner.wire();
    return octets.size() > 2 && octets[0] == 1 && octets[1] == '*';
}

bool is_meta_type(std::uint16_t type) noexcept {
    return type == type_opt || (type >= first_query_only_type && type <= last_query_only_type);
}

/// Why `record` may not be in the static zone, or nullopt. `key` receives its relative key.
std::optional<std::string> refusal(const Record& record, const wire::Name& apex,
                                   std::vector<std::uint8_t>& key) {
    const std::string owner = record.owner.to_text();
    if (record.rr_class != class_in) {
        return fmt::format("class {} is not supported: dcvd serves class IN only",
                           ldns_class_text(record.rr_class));
    }
    if (record.type == type_soa && !record.owner.equals(apex)) {
        return fmt::format("SOA owner {} is not the zone apex {}", owner, apex.to_text());
    }
    if (!record.owner.is_subdomain_of(apex)) {
        return fmt::format("owner {} is outside the zone {}", owner, apex.to_text());
    }
    if (is_meta_type(record.type)) {
        return fmt::format("{} is a meta type, not zone data", ldns_type_text(record.type));
    }
    if (record.type == type_cname) {
        return fmt::format("CNAME at {} is not allowed: challenge targets live in the store "
                           "(LMDB), and a CNAME in the static zone would shadow or break them",
                           owner);
    }
    if (record.type == type_dname) {
        return fmt::format("DNAME at {} is not allowed: it would redirect every name below it, "
                           "challenge targets (which live in the store, LMDB) included",
                           owner);
    }
    if (is_wildcard(record.owner)) {
        return fmt::format("wildcard owner {} is not allowed: it would answer for names that "
                           "must not exist, such as targets of unregistered hosts",
                           owner);
    }
    if (record.type == type_ns && !record.owner.equals(apex)) {
        return fmt::format("NS at {} would delegate a subzone: dcvd serves no delegations, NS "
                           "records belong at the apex only",
                           owner);
    }
    wire::KeyBuffer buffer{};
    const std::size_t size = wire::relative_key(record.owner.wire(), apex.label_count(), buffer);
    if (size == wire::invalid_key) {
        return fmt::format("owner {} holds a \\000 octet in a label, which dcvd cannot store",
                           owner);
    }
    key.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
    return std::nullopt;
}

/// One RRset from its records (all of one owner and type): the lowest TTL (RFC 2181 §5.2),
/// duplicates dropped (RFC 2181 §5), rdatas in canonical order (RFC 4034 §6.3). `canonical`
/// receives the same RRset with canonical rdata, for the digest.
RRset make_rrset(std::vector<const Record*> records, std::vector<std::uint8_t> key,
                 std::string_view file, RRset& canonical) {
    const auto log = base::logger("zone");
    const Record& first = *records.front();
    const auto [lowest, highest] =
        std::minmax_element(records.begin(), records.end(),
                            [](const Record* a, const Record* b) { return a->ttl < b->ttl; });
    const std::uint32_t ttl = (*lowest)->ttl;
    if (ttl != (*highest)->ttl) {
        log->warn("rrset ttls differ, using the lowest (RFC 2181 §5.2) file={} line={} owner={} "
                  "type={} ttl={}",
                  file, first.line, first.owner.to_text(), ldns_type_text(first.type), ttl);
    }
    std::stable_sort(records.begin(), records.end(), [](const Record* a, const Record* b) {
        return wire::compare_octets(a->canonical_rdata, b->canonical_rdata) < 0;
    });
    std::vector<const Record*> kept;
    std::vector<std::size_t> dropped_lines; // stable sort: the first of equal records is kept
    for (const Record* record : records) {
        if (!kept.empty() &&
            wire::compare_octets(kept.back()->canonical_rdata, record->canonical_rdata) == 0) {
            dropped_lines.push_back(record->line);
        } else {
            kept.push_back(record);
        }
    }
    if (!dropped_lines.empty()) {
        log->warn("duplicate records dropped (RFC 2181 §5) file={} line={} owner={} type={} "
                  "count={}",
                  file, *std::min_element(dropped_lines.begin(), dropped_lines.end()),
                  first.owner.to_text(), ldns_type_text(first.type), dropped_lines.size());
    }
    RRset rrset{first.owner, std::move(key), first.type, ttl, {}};
    canonical = RRset{first.owner, rrset.key, first.type, rrset.ttl, {}};
    for (const Record* record : kept) {
        rrset.rdatas.push_back(record->rdata);
        canonical.rdatas.push_back(record->canonical_rdata);
    }
    return rrset;
}

/// The SOA fields, from the apex SOA RRset (one record: a second one is refused earlier).
Soa make_soa(const RRset& rrset) {
    const auto& rdata = rrset.rdatas.front();
    const std::size_t serial_at = soa_serial_offset(rdata).value(); // ldns parsed it as SOA
    constexpr std::size_t minimum_from_serial = 16; // SERIAL REFRESH RETRY EXPIRE, then MINIMUM
    return Soa{rrset.ttl, read_u32(rdata, serial_at),
               read_u32(rdata, serial_at + minimum_from_serial), rdata, serial_at};
}

} // namespace

base::Result<BuiltZone> build_zone(std::span<const Record> records, std::size_t last_line,
                                   const wire::Name& apex, std::string_view file) {
    if (records.empty()) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            located(file, 1, "the zone file holds no records: it needs the apex SOA and NS"));
    }
    std::vector<std::string> errors;
    std::map<GroupKey, Group> groups;
    std::size_t soa_line = 0;
    bool has_soa = false;     // any SOA, even refused: "missing" must not echo another error
    bool has_apex_ns = false; // likewise any NS at the apex
    for (const Record& record : records) {
        has_soa = has_soa || record.type == type_soa;
        has_apex_ns = has_apex_ns || (record.type == type_ns && record.owner.equals(apex));
        std::vector<std::uint8_t> key;
        if (auto reason = refusal(record, apex, key)) {
            errors.push_back(located(file, record.line, *reason));
            continue;
        }
        if (record.type == type_soa) {
            if (soa_line != 0) {
                errors.push_back(
                    located(file, record.line,
                            fmt::format("a second SOA record (the first is at line {}): a zone has "
                                        "exactly one",
                                        soa_line)));
                continue;
            }
            soa_line = record.line;
        }
        groups[GroupKey{std::move(key), record.type}].records.push_back(&record);
    }
    if (!has_soa) {
        errors.push_back(
            located(file, last_line, fmt::format("no SOA record at the apex {}", apex.to_text())));
    }
    if (!has_apex_ns) {
        errors.push_back(
            located(file, last_line,
                    fmt::format("no NS records at the apex {}: the zone must name its servers",
                                apex.to_text())));
    }
    if (!errors.empty()) {
        return base::unexpected(base::ErrorCode::Invalid, joined_lines(errors));
    }

    BuiltZone built;
    std::vector<RRset> canonical_rrsets(groups.size());
    std::size_t at = 0;
    for (auto& [group_key, group] : groups) {
        built.rrsets.push_back(
            make_rrset(std::move(group.records), group_key.first, file, canonical_rrsets[at++]));
        if (group_key.second == type_soa) {
            built.soa = make_soa(built.rrsets.back());
        }
    }
    built.digest = content_digest(canonical_rrsets);
    return built;
}

} // namespace dcvd::zone
