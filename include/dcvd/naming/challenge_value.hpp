// naming/challenge_value.hpp: validation of challenge values and their TTLs and lifetimes at the
// edge (CLI now, the HTTP API later), with messages that say what is allowed.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "dcvd/base/result.hpp"

namespace dcvd::naming {

/// Bounds for challenge values, whichever edge (CLI, API) they come through.
struct ValueLimits {
    std::uint32_t default_ttl = 60;
    std::uint32_t max_ttl = 3600;
    std::chrono::seconds default_expires_in{3600};
    std::chrono::seconds max_expires_in{86400};
    std::size_t max_values_per_host = 8;
};

inline constexpr std::size_t max_value_size = 255; // one TXT character-string (RFC 1035 §3.3)

/// Accepts 1..255 octets of printable ASCII (0x20..0x7e), naming the first offending offset.
[[nodiscard]] base::Result<void> validate_value(std::string_view value);

/// Accepts a TTL in [1, max_ttl] seconds.
[[nodiscard]] base::Result<void> validate_ttl(std::int64_t ttl, std::uint32_t max_ttl);

/// Accepts a lifetime in [1 s, max_lifetime].
[[nodiscard]] base::Result<void> validate_lifetime(std::int64_t seconds,
                                                   std::chrono::seconds max_lifetime);

} // namespace dcvd::naming
