// config/units.cpp: one table of units per quantity drives both parsing and printing.
#include "dcvd/config/units.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <span>

#include <fmt/format.h>

namespace dcvd::config {
namespace {

struct Unit {
    std::string_view suffix;
    std::uint64_t factor;
};

// Largest first: printing takes the first unit that divides exactly.
constexpr std::array<Unit, 5> duration_units{{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

constexpr std::array<Unit, 5> size_units{{
    {"TiB", 1ULL << 40},
    {"GiB", 1ULL << 30},
    {"MiB", 1ULL << 20},
    {"KiB", 1ULL << 10},
    {"B", 1},
}};

/// Splits "<digits><suffix>" and multiplies by the suffix's unit; false when malformed, when
/// the suffix is unknown (or missing and `bare_factor` is 0), or on overflow.
bool parse_quantity(std::string_view text, std::span<const Unit> units, std::uint64_t bare_factor,
                    std::uint64_t& out) noexcept {
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end == text.data()) {
        return false;
    }
    const std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
    std::uint64_t factor = bare_factor;
    if (!suffix.empty()) {
        factor = 0;
        for (const Unit& unit : units) {
            if (unit.suffix == suffix) {
                factor = unit.factor;
            }
        }
    }
    if (factor == 0 || number > std::numeric_limits<std::uint64_t>::max() / factor) {
        return false;
    }
    out = number * factor;
    return true;
}

/// The largest unit that divides `value`; zero takes `zero_suffix`.
std::string format_quantity(std::uint64_t value, std::span<const Unit> units,
                            std::string_view zero_suffix) {
    if (value == 0) {
        return fmt::format("0{}", zero_suffix);
    }
    for (const Unit& unit : units) {
        if (value % unit.factor == 0) {
            return fmt::format("{}{}", value / unit.factor, unit.suffix);
        }
    }
    return fmt::format("{}{}", value, units.back().suffix); // unreachable: the last factor is 1
}

} // namespace

base::Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
    std::uint64_t milliseconds = 0;
    if (!parse_quantity(text, duration_units, 0, milliseconds) ||
        milliseconds > static_cast<std::uint64_t>(std::chrono::milliseconds::max().count())) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("expected a duration such as \"90s\", \"10m\", \"6h\" or \"30d\" (a whole "
                        "number and one of the units ms, s, m, h, d), got \"{}\"",
                        text));
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(milliseconds));
}

std::string format_duration(std::chrono::milliseconds duration) {
    return format_quantity(static_cast<std::uint64_t>(duration.count()), duration_units, "s");
}

base::Result<std::uint64_t> parse_size(std::string_view text) {
    std::uint64_t bytes = 0;
    if (!parse_quantity(text, size_units, 1, bytes)) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("expected a size such as \"4GiB\", \"512MiB\", \"64KiB\" or a number of "
                        "bytes (units B, KiB, MiB, GiB, TiB), got \"{}\"",
                        text));
    }
    return bytes;
}

std::string format_size(std::uint64_t bytes) {
    return format_quantity(bytes, size_units, "B");
}

} // namespace dcvd::config
