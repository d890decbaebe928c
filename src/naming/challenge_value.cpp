// naming/challenge_value.cpp: edge validation of challenge values, TTLs and lifetimes.
#include "dcvd/naming/challenge_value.hpp"

#include <fmt/format.h>

namespace dcvd::naming {

base::Result<void> validate_value(std::string_view value) {
    if (value.empty() || value.size() > max_value_size) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("a value must be 1 to {} octets long, got {}",
                                            max_value_size, value.size()));
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 || c > 0x7e) {
            return base::unexpected(
                base::ErrorCode::Invalid,
                fmt::format("value has octet 0x{:02x} at offset {}: only printable ASCII "
                            "(0x20 to 0x7e) is allowed",
                            c, i));
        }
    }
    return {};
}

base::Result<void> validate_ttl(std::int64_t ttl, std::uint32_t max_ttl) {
    if (ttl < 1 || ttl > static_cast<std::int64_t>(max_ttl)) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("ttl must be between 1 and {} seconds (values.max_ttl), got {}", max_ttl,
                        ttl));
    }
    return {};
}

base::Result<void> validate_lifetime(std::int64_t seconds, std::chrono::seconds max_lifetime) {
    if (seconds < 1 || seconds > max_lifetime.count()) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("expires_in (the value's lifetime) must be between 1 and {} "
                        "seconds (values.max_expires_in), got {}",
                        max_lifetime.count(), seconds));
    }
    return {};
}

} // namespace dcvd::naming
