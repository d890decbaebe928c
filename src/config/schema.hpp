// config/schema.hpp: the one table of configuration keys (STYLE.md §8). Parsing, validation,
// to_toml, deploy/dcvd.example.toml and docs/CONFIGURATION.md all follow it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dcvd/checker/options.hpp"
#include "dcvd/config/config.hpp"

namespace dcvd::config::schema {

/// How a key is written in TOML and checked.
enum class Kind : std::uint8_t {
    Boolean,      ///< true or false
    DomainName,   ///< string; an absolute domain name (a final dot is added when missing)
    DomainNames,  ///< array of DomainName strings, maybe empty, each made absolute
    Path,         ///< string; not empty
    OptionalPath, ///< string; empty means none
    FileMode,     ///< string of octal digits ("0660"), at most 0777
    Url,          ///< string; an http:// or https:// URL with a host, no spaces or controls
    Secret,       ///< string of at least min octets; messages never show it
    Endpoints,    ///< array of "ip:port" / "[ip6]:port" strings, at least one
    Cidrs,        ///< array of CIDR prefixes ("192.0.2.0/24"), maybe empty
    Integer,      ///< integer within [min, max]
    Seconds,      ///< duration string in whole seconds; min and max in milliseconds
    Milliseconds, ///< duration string; min and max in milliseconds
    Size,         ///< size string or integer of bytes; min and max in bytes
    Choice,       ///< string; one of the key's choices
};

/// A key's value in schema terms: integers, durations (milliseconds) and sizes (bytes) as
/// unsigned integers; names, paths and choices as text; lists as lists; booleans as bool.
using Value = std::variant<std::uint64_t, std::string, std::vector<std::string>, bool>;

/// A TOML table: `[name]`, or, when repeated, `[[name]]` once per element of a vector in Config
/// (an array of tables; zero or more, none by default).
struct Table {
    std::string_view name;
    std::string_view doc;
    /// Repeated tables only (nullptr otherwise): the number of elements, and resizing to n
    /// default elements before they are read.
    std::size_t (*count)(const Config&) = nullptr;
    void (*resize)(Config&, std::size_t) = nullptr;
    /// Set with count and resize: a function pointer's comparison with nullptr is no constant
    /// expression under UBSan, and the schema's static_assert reads this.
    bool repeated = false;

    [[nodiscard]] constexpr bool is_repeated() const noexcept { return repeated; }
};

struct Key {
    std::string_view table;
    std::string_view name;
    Kind kind;
    std::uint64_t min; ///< Integer, Seconds, Milliseconds, Size; Secret: its least length
    std::uint64_t max;
    std::string_view doc; ///< one line: what it does, not its range or default
    /// `element` is the index into a repeated table's elements, 0 for a plain table's key.
    Value (*read)(const Config&, std::size_t element);
    void (*write)(Config&, std::size_t element, const Value&); ///< takes a validated value
    std::span<const std::string_view> choices = {};            ///< Choice only
    /// Keys of repeated tables, whose elements have no useful defaults: each element must give
    /// the key, and `example` (its value as text) fills the commented example of a table with no
    /// elements.
    bool is_required = false;
    std::string_view example = {};
};

/// `lower` must not exceed `upper`, two keys of one plain table.
struct Ordering {
    std::string_view table;
    std::string_view lower;
    std::string_view upper;
};

/// spdlog's level names, as base::setup_logging takes them.
inline constexpr std::array<std::string_view, 7> log_levels{"trace", "debug",    "info", "warn",
                                                            "error", "critical", "off"};
/// [checker] mode.
inline constexpr std::array<std::string_view, 2> checker_modes{checker::mode_authoritative,
                                                               checker::mode_resolver};

/// In output order.
[[nodiscard]] std::span<const Table> tables() noexcept;
/// In output order, grouped by table in tables() order. Defaults are a default Config's.
[[nodiscard]] std::span<const Key> keys() noexcept;
[[nodiscard]] std::span<const Ordering> orderings() noexcept;
/// The table named `name`, or nullptr.
[[nodiscard]] const Table* find_table(std::string_view name) noexcept;
/// The key named `name` in `table`, or nullptr.
[[nodiscard]] const Key* find_key(std::string_view table, std::string_view name) noexcept;

} // namespace dcvd::config::schema
