// config/schema.hpp: the one table of configuration keys (STYLE.md §8). Parsing, validation,
// to_toml, deploy/dcvd.example.toml and docs/CONFIGURATION.md all follow it.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dcvd/config/config.hpp"

namespace dcvd::config::schema {

/// How a key is written in TOML and checked.
enum class Kind : std::uint8_t {
    DomainName,   ///< string; an absolute domain name (a final dot is added when missing)
    Path,         ///< string; not empty
    OptionalPath, ///< string; empty means none
    FileMode,     ///< string of octal digits ("0660"), at most 0777
    Endpoints,    ///< array of "ip:port" / "[ip6]:port" strings, at least one
    Cidrs,        ///< array of CIDR prefixes ("192.0.2.0/24"), maybe empty
    Integer,      ///< integer within [min, max]
    Seconds,      ///< duration string in whole seconds; min and max in milliseconds
    Milliseconds, ///< duration string; min and max in milliseconds
    Size,         ///< size string or integer of bytes; min and max in bytes
    LogLevel,     ///< one of log_levels
};

/// A key's value in schema terms: integers, durations (milliseconds) and sizes (bytes) as
/// unsigned integers; names and paths as text; endpoint lists as lists.
using Value = std::variant<std::uint64_t, std::string, std::vector<std::string>>;

struct Table {
    std::string_view name;
    std::string_view doc;
};

struct Key {
    std::string_view table;
    std::string_view name;
    Kind kind;
    std::uint64_t min; ///< Integer, Seconds, Milliseconds, Size only
    std::uint64_t max;
    std::string_view doc; ///< one line: what it does, not its range or default
    Value (*read)(const Config&);
    void (*write)(Config&, const Value&); ///< takes a value that passed validation
};

/// `lower` must not exceed `upper`, two keys of one table.
struct Ordering {
    std::string_view table;
    std::string_view lower;
    std::string_view upper;
};

/// spdlog's level names, as base::setup_logging takes them.
inline constexpr std::array<std::string_view, 7> log_levels{"trace", "debug",    "info", "warn",
                                                            "error", "critical", "off"};

[[nodiscard]] std::span<const Table> tables() noexcept;
/// In output order, grouped by table in tables() order. Defaults are a default Config's.
[[nodiscard]] std::span<const Key> keys() noexcept;
[[nodiscard]] std::span<const Ordering> orderings() noexcept;
/// The key named `name` in `table`, or nullptr.
[[nodiscard]] const Key* find_key(std::string_view table, std::string_view name) noexcept;

} // namespace dcvd::config::schema
