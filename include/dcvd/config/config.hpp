// config/config.hpp: the TOML configuration, parsed and validated against one schema table
// (src/config/schema.cpp) that also drives check-config output and deploy/dcvd.example.toml.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/api/http_server.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/checker/options.hpp"
#include "dcvd/dns/server.hpp"
#include "dcvd/naming/challenge_value.hpp"
#include "dcvd/store/options.hpp"

namespace dcvd::config {

struct ZoneOptions {
    std::string name = "validation.example.net."; ///< the validation zone's apex
    std::filesystem::path file = "zones/validation.example.net.zone";
};

/// Bounds for challenge values written through the CLI and the API.
using ValueOptions = naming::ValueLimits;

/// The acme-dns compatible API (/register, /update).
struct AcmeDnsOptions {
    /// Peers whose X-Forwarded-For names the client for allowfrom checks (a TLS proxy in
    /// front); none by default, so the peer itself is the client.
    std::vector<std::string> trusted_proxies;
};

struct LogOptions {
    std::string level = "info"; ///< trace, debug, info, warn, error, critical, off
};

/// The whole configuration. Immutable once parsed; a reload builds a new one.
struct Config {
    ZoneOptions zone;
    dns::ServerOptions dns;
    api::HttpServerOptions api;
    store::Options store;
    ValueOptions values;
    AcmeDnsOptions acme_dns;
    LogOptions log;
    checker::CheckerOptions checker;
    checker::EdgeOptions edge;
    std::vector<checker::WebhookOptions> webhooks; ///< [[webhook]] tables, in file order
    std::string source = "(embedded default)";     ///< file path, for messages
};

/// The built-in configuration used when no --config is given (`make run`).
[[nodiscard]] std::string_view embedded_default_text() noexcept;

/// Parses TOML text. Every problem is reported at once, one per line, as
/// "<source>:<line>: <key>: <reason>"; unknown keys are errors. Relative paths stay relative to
/// the working directory.
[[nodiscard]] base::Result<Config> parse(std::string_view text, std::string_view source);
/// Reads and parses a file; an unreadable file is an error naming it.
[[nodiscard]] base::Result<Config> load_file(const std::filesystem::path& path);
/// parse(embedded_default_text()).
[[nodiscard]] base::Result<Config> embedded_default();

/// The effective configuration as TOML, every key present, with one comment line per key from
/// the schema (check-config prints it; parse(to_toml(c)) gives c back).
[[nodiscard]] std::string to_toml(const Config& config);

} // namespace dcvd::config
