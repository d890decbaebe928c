// checker/options.hpp: the delegation checker's configuration ([checker], [edge], [[webhook]]),
// as the config schema fills it (src/config/schema.cpp) and `dcvd serve` hands it over.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dcvd::checker {

/// How the checker asks DNS (docs/DELEGATIONS.md): "authoritative" finds the customer zone's
/// nameservers through the first resolver and asks each of them; "resolver" asks the resolvers.
inline constexpr std::string_view mode_authoritative = "authoritative";
inline constexpr std::string_view mode_resolver = "resolver";

struct CheckerOptions {
    bool enabled = true;
    std::string mode{mode_authoritative};
    std::vector<std::string> resolvers{"127.0.0.1:53"}; ///< recursive resolvers, "ip:port"
    /// The port the customer zones' nameservers are asked on (53; tests use others).
    std::uint16_t authority_port = 53;
    unsigned confirmations = 3; ///< consecutive agreeing checks a move needs
    std::chrono::seconds min_interval{std::chrono::minutes(10)}; ///< first to last of them
    std::chrono::seconds onboarding_window{std::chrono::hours(24 * 30)};

    // The schedule (next check after one): pending and misdelegated start at pending_interval
    // and double up to pending_max_interval (the customer is still setting up); delegated and
    // active every settled_interval; stale every stale_interval. While checks agree on a move not
    // yet confirmed, the next one comes min_interval / (confirmations - 1) later, so a run ends
    // after about min_interval.
    std::chrono::seconds pending_interval{std::chrono::minutes(1)};
    std::chrono::seconds pending_max_interval{std::chrono::hours(1)};
    std::chrono::seconds settled_interval{std::chrono::hours(6)};
    std::chrono::seconds stale_interval{std::chrono::hours(24)};
    unsigned jitter_percent = 10; ///< each interval is stretched by a random 0..jitter_percent %

    std::chrono::milliseconds query_timeout{2000}; ///< per DNS attempt
    unsigned query_attempts = 3;
    unsigned max_queries_in_flight = 256;
    unsigned max_checks_in_flight = 64;
};

/// The provider's edge: a host is "at the edge" when its chain names one of cname_suffixes or
/// it resolves to an address in one of the ranges.
struct EdgeOptions {
    std::vector<std::string> cname_suffixes; ///< absolute domain names
    std::vector<std::string> addresses;      ///< CIDR prefixes, IPv4 and IPv6
};

/// A receiver of state transitions ([[webhook]]): every transition is POSTed as JSON, signed
/// with X-Dcvd-Signature: sha256=<hex HMAC-SHA256 of the body with secret>.
struct WebhookOptions {
    std::string url;
    std::string secret;
};

} // namespace dcvd::checker
