// config/units.hpp: durations ("90s", "10m", "6h", "30d", "500ms") and sizes ("4GiB", "512MiB",
// "64KiB", or bytes) as the configuration and the CLI write them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "dcvd/base/result.hpp"

namespace dcvd::config {

/// A whole number followed by one unit: ms, s, m, h or d ("90s", "500ms"). Invalid error with
/// the reason and the text; no spaces, fractions or signs.
[[nodiscard]] base::Result<std::chrono::milliseconds> parse_duration(std::string_view text);
/// The shortest exact form with the largest unit that divides: 3600000 ms is "1h", 1500 ms is
/// "1500ms", zero is "0s". parse_duration(format_duration(d)) == d.
[[nodiscard]] std::string format_duration(std::chrono::milliseconds duration);

/// A whole number followed by B, KiB, MiB, GiB or TiB (powers of 1024), or plain digits for
/// bytes ("4GiB", "65536"). Invalid error with the reason and the text.
[[nodiscard]] base::Result<std::uint64_t> parse_size(std::string_view text);
/// The largest binary unit that divides exactly ("4GiB"), else bytes ("1000B").
/// parse_size(format_size(n)) == n.
[[nodiscard]] std::string format_size(std::uint64_t bytes);

} // namespace dcvd::config
