// zone/zone_file_reader.hpp: reads the entries of a zone file with ldns into records that carry
// their line numbers. Syntax only: dcvd's rules on what a static zone may hold are zone_builder's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/wire/name.hpp"

namespace dcvd::zone {

/// One resource record as the file wrote it.
struct Record {
    std::size_t line = 0; ///< where the entry starts (1-based)
    wire::Name owner;     ///< lower-cased
    std::uint16_t type = 0;
    std::uint16_t rr_class = 0;
    std::uint32_t ttl = 0;
    std::vector<std::uint8_t> rdata;           ///< uncompressed wire form, names as written
    std::vector<std::uint8_t> canonical_rdata; ///< RFC 4034 §6.2: names in rdata lower-cased
};

struct ReadOutcome {
    std::vector<Record> records;
    std::vector<std::string> errors; ///< "<file>:<line>: <reason>", in file order
    std::size_t last_line = 1;       ///< the file's last line, for "missing record" errors
};

/// Reads every entry of `text`. Relative names are completed with `origin` until a $ORIGIN
/// changes it; $TTL sets the TTL of entries without one (3600 before any $TTL, as ldns does);
/// $INCLUDE is refused. Errors name `file`; reading goes on after one to report them all.
[[nodiscard]] ReadOutcome read_zone_text(std::string_view text, const wire::Name& origin,
                                         std::string_view file);

} // namespace dcvd::zone
