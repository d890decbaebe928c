// base/clock.cpp: RFC 3339 timestamps.
#include "dcvd/base/clock.hpp"

#include <ctime>

#include <fmt/format.h>

namespace dcvd::base {

std::string format_time(std::uint64_t unix_seconds) {
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

} // namespace dcvd::base
