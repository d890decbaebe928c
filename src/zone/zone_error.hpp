// zone/zone_error.hpp: the one shape of every zone file problem, "<file>:<line>: <reason>".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dcvd::zone {

[[nodiscard]] inline std::string located(std::string_view file, std::size_t line,
                                         std::string_view reason) {
    return fmt::format("{}:{}: {}", file, line, reason);
}

/// Several problems as one message, one per line.
[[nodiscard]] inline std::string joined_lines(const std::vector<std::string>& lines) {
    return fmt::format("{}", fmt::join(lines, "\n"));
}

} // namespace dcvd::zone
