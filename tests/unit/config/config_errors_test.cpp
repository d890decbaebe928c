// config/config_errors_test.cpp: every key's refusal, unknown tables and keys, and all problems
// at once, each as "<source>:<line>: <table>.<key>: <reason>".
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "config_test_util.hpp"
#include "dcvd/config/config.hpp"

namespace dcvd::config {
namespace {

struct BadValue {
    std::string key; ///< "table.key"
    std::string value;
    std::string reason;
};

// Each is written as "[table]\nkey = value" (a webhook key as "[[webhook]]\nkey = value" and a
// valid other key), so its problem is on line 2.
const std::vector<BadValue> bad_values{
    {"zone.name", "\"a..b\"", "not a domain name: \"a..b\""},
    {"zone.name", "\".\"", "must be a domain name below the root, got \".\""},
    {"zone.name", "5", "expected a string, got an integer"},
    {"zone.file", "\"\"", "must not be empty"},
    {"zone.file", "[\"a\"]", "expected a string, got an array"},
    {"dns.listen", "[]", "must list at least one address"},
    {"dns.listen", "\"127.0.0.1:53\"", "expected an array of \"ip:port\" strings, got a string"},
    {"dns.listen", "[\"127.0.0.1\"]",
     "invalid address \"127.0.0.1\": expected ip:port or [ip6]:port"},
    {"dns.listen", "[\"::1:53\"]", "invalid address \"::1:53\": expected ip:port or [ip6]:port"},
    {"dns.listen", "[\"127.0.0.1:65536\"]",
     "invalid address \"127.0.0.1:65536\": expected ip:port or [ip6]:port"},
    {"dns.listen", "[\"localhost:53\"]",
     "invalid address \"localhost:53\": expected ip:port or [ip6]:port"},
    {"dns.listen", "[1]", "element 1: expected a string, got an integer"},
    {"dns.workers", "257", "must be between 0 and 256, got 257"},
    {"dns.workers", "-1", "must be between 0 and 256, got -1"},
    {"dns.workers", "\"2\"", "expected an integer, got a string"},
    {"dns.workers", "2.5", "expected an integer, got a floating-point number"},
    {"dns.udp_buffer_bytes", "\"1KiB\"", "must be between 64KiB and 256MiB, got \"1KiB\""},
    {"dns.udp_buffer_bytes", "1024", "must be between 64KiB and 256MiB, got 1024"},
    {"dns.udp_buffer_bytes", "-1", "must be between 64KiB and 256MiB, got -1"},
    {"dns.udp_buffer_bytes", "\"4GB\"",
     "expected a size such as \"4GiB\", \"512MiB\", \"64KiB\" or a number of bytes (units B, "
     "KiB, MiB, GiB, TiB), got \"4GB\""},
    {"dns.udp_buffer_bytes", "true",
     "expected a size such as \"4GiB\" or a number of bytes, got a boolean"},
    {"dns.edns_payload", "100", "must be between 512 and 4096, got 100"},
    {"dns.edns_payload", "4097", "must be between 512 and 4096, got 4097"},
    {"dns.tcp_idle_timeout", "\"500ms\"", "must be between 1s and 1h, got \"500ms\""},
    {"dns.tcp_idle_timeout", "10", "expected a duration string such as \"10s\", got an integer"},
    {"dns.tcp_idle_timeout", "\"10\"",
     "expected a duration such as \"90s\", \"10m\", \"6h\" or \"30d\" (a whole number and one "
     "of the units ms, s, m, h, d), got \"10\""},
    {"dns.tcp_max_connections", "0", "must be between 1 and 65535, got 0"},
    {"dns.tcp_max_connections", "65536", "must be between 1 and 65535, got 65536"},
    {"api.listen", "[]", "must list at least one address"},
    {"api.listen", "[\"localhost:8053\"]",
     "invalid address \"localhost:8053\": expected ip:port or [ip6]:port"},
    {"api.unix_socket", "1", "expected a string, got an integer"},
    {"api.unix_socket_mode", "\"0789\"",
     "must be a file mode in octal such as \"0660\" (at most 0777), got \"0789\""},
    {"api.unix_socket_mode", "\"1777\"",
     "must be a file mode in octal such as \"0660\" (at most 0777), got \"1777\""},
    {"api.max_connections", "0", "must be between 1 and 65535, got 0"},
    {"api.request_timeout", "\"50ms\"", "must be between 100ms and 1h, got \"50ms\""},
    {"api.idle_timeout", "\"2h\"", "must be between 100ms and 1h, got \"2h\""},
    {"store.path", "\"\"", "must not be empty"},
    {"store.map_size", "\"8MiB\"", "must be between 16MiB and 1TiB, got \"8MiB\""},
    {"store.map_size", "\"2TiB\"", "must be between 16MiB and 1TiB, got \"2TiB\""},
    {"store.max_batch_ops", "0", "must be between 1 and 1000000, got 0"},
    {"store.commit_delay", "\"1500ms\"", "must be between 0s and 1s, got \"1500ms\""},
    {"store.purge_interval", "\"1500ms\"", "must be a whole number of seconds, got \"1500ms\""},
    {"store.purge_interval", "\"2d\"", "must be between 1s and 1d, got \"2d\""},
    {"values.default_ttl", "0", "must be between 1 and 86400, got 0"},
    {"values.max_ttl", "86401", "must be between 1 and 86400, got 86401"},
    {"values.default_expires_in", "\"0s\"", "must be between 1s and 30d, got \"0s\""},
    {"values.max_expires_in", "\"31d\"", "must be between 1s and 30d, got \"31d\""},
    {"values.max_values_per_host", "65", "must be between 1 and 64, got 65"},
    {"acme_dns.trusted_proxies", "[\"10.0.0.1/8\"]",
     "\"10.0.0.1/8\" is not a CIDR prefix such as \"192.0.2.0/24\" or \"2001:db8::/32\" (no "
     "bits set past the length)"},
    {"log.level", "\"loud\"",
     "must be one of trace, debug, info, warn, error, critical, off, got \"loud\""},
    {"log.level", "\"INFO\"",
     "must be one of trace, debug, info, warn, error, critical, off, got \"INFO\""},
    {"checker.enabled", "1", "expected true or false, got an integer"},
    {"checker.enabled", "\"yes\"", "expected true or false, got a string"},
    {"checker.mode", "\"other\"", "must be one of authoritative, resolver, got \"other\""},
    {"checker.mode", "\"Resolver\"", "must be one of authoritative, resolver, got \"Resolver\""},
    {"checker.mode", "1", "expected a string, got an integer"},
    {"checker.resolvers", "[]", "must list at least one address"},
    {"checker.resolvers", "[\"resolver.example.net:53\"]",
     "invalid address \"resolver.example.net:53\": expected ip:port or [ip6]:port"},
    {"checker.authority_port", "0", "must be between 1 and 65535, got 0"},
    {"checker.authority_port", "65536", "must be between 1 and 65535, got 65536"},
    {"checker.confirmations", "0", "must be between 1 and 100, got 0"},
    {"checker.confirmations", "101", "must be between 1 and 100, got 101"},
    {"checker.min_interval", "\"2d\"", "must be between 0s and 1d, got \"2d\""},
    {"checker.min_interval", "\"500ms\"", "must be a whole number of seconds, got \"500ms\""},
    {"checker.onboarding_window", "\"0s\"", "must be between 1s and 3650d, got \"0s\""},
    {"checker.onboarding_window", "\"3651d\"", "must be between 1s and 3650d, got \"3651d\""},
    {"checker.pending_interval", "\"0s\"", "must be between 1s and 1d, got \"0s\""},
    {"checker.pending_max_interval", "\"31d\"", "must be between 1s and 30d, got \"31d\""},
    {"checker.settled_interval", "\"0s\"", "must be between 1s and 30d, got \"0s\""},
    {"checker.stale_interval", "\"31d\"", "must be between 1s and 30d, got \"31d\""},
    {"checker.stale_interval", "3600",
     "expected a duration string such as \"10s\", got an integer"},
    {"checker.jitter_percent", "101", "must be between 0 and 100, got 101"},
    {"checker.jitter_percent", "-1", "must be between 0 and 100, got -1"},
    {"checker.query_timeout", "\"50ms\"", "must be between 100ms and 1m, got \"50ms\""},
    {"checker.query_timeout", "\"61s\"", "must be between 100ms and 1m, got \"61s\""},
    {"checker.query_attempts", "0", "must be between 1 and 10, got 0"},
    {"checker.query_attempts", "11", "must be between 1 and 10, got 11"},
    {"checker.max_queries_in_flight", "0", "must be between 1 and 65535, got 0"},
    {"checker.max_checks_in_flight", "65536", "must be between 1 and 65535, got 65536"},
    {"edge.cname_suffixes", "[\"edge..example.net\"]", "not a domain name: \"edge..example.net\""},
    {"edge.cname_suffixes", "[\".\"]", "must be a domain name below the root, got \".\""},
    {"edge.cname_suffixes", "[\"\"]", "must be a domain name below the root, got \"\""},
    {"edge.cname_suffixes", "\"edge.example.net.\"",
     "expected an array of domain name strings, got a string"},
    {"edge.cname_suffixes", "[\"edge.example.net.\", 1]",
     "element 2: expected a string, got an integer"},
    {"edge.addresses", "[\"192.0.2.1/24\"]",
     "\"192.0.2.1/24\" is not a CIDR prefix such as \"192.0.2.0/24\" or \"2001:db8::/32\" (no "
     "bits set past the length)"},
    {"edge.addresses", "[\"edge.example.net\"]",
     "\"edge.example.net\" is not a CIDR prefix such as \"192.0.2.0/24\" or \"2001:db8::/32\" "
     "(no bits set past the length)"},
    {"edge.addresses", "\"192.0.2.0/24\"", "expected an array of CIDR strings, got a string"},
    {"webhook.url", "\"hooks.example.net/dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"hooks.example.net/dcvd\""},
    {"webhook.url", "\"ftp://hooks.example.net/\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"ftp://hooks.example.net/\""},
    {"webhook.url", "\"HTTPS://hooks.example.net/\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"HTTPS://hooks.example.net/\""},
    {"webhook.url", "\"https://\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://\""},
    {"webhook.url", "\"https:///dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https:///dcvd\""},
    {"webhook.url", "\"https://:8443/dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://:8443/dcvd\""},
    {"webhook.url", "\"https://hooks.example.net:/dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://hooks.example.net:/dcvd\""},
    {"webhook.url", "\"https://hooks.example.net:https/dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://hooks.example.net:https/dcvd\""},
    {"webhook.url", "\"https://user:pw@hooks.example.net/\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://user:pw@hooks.example.net/\""},
    {"webhook.url", "\"https://[2001:db8::1/dcvd\"",
     "must be an http:// or https:// URL with a host, such as \"https://hooks.example.net/dcvd\", "
     "got \"https://[2001:db8::1/dcvd\""},
    {"webhook.url", "\"https://hooks.example.net/a b\"",
     "must not contain spaces or control characters"},
    {"webhook.url", "\"https://hooks.example.net/\\n\"",
     "must not contain spaces or control characters"},
    {"webhook.url", "[\"https://hooks.example.net/\"]", "expected a string, got an array"},
    {"webhook.secret", "\"too-short\"", "must be at least 16 octets long, got 9"},
    {"webhook.secret", "\"\"", "must be at least 16 octets long, got 0"},
    {"webhook.secret", "1234567890123456", "expected a string, got an integer"},
};

/// A valid value of each webhook key, to go with the bad value of the other.
const std::map<std::string, std::string> valid_webhook_lines{
    {"url", "url = \"https://hooks.example.net/dcvd\"\n"},
    {"secret", "secret = \"0123456789abcdef\"\n"},
};

/// The text that gives `bad` on line 2, and the subject its message names.
std::pair<std::string, std::string> text_and_subject(const BadValue& bad) {
    const auto dot = bad.key.find('.');
    const auto table = bad.key.substr(0, dot);
    const auto name = bad.key.substr(dot + 1);
    if (table != "webhook") {
        return {"[" + table + "]\n" + name + " = " + bad.value + "\n", bad.key};
    }
    std::string text = "[[webhook]]\n" + name + " = " + bad.value + "\n";
    for (const auto& [other, line] : valid_webhook_lines) {
        if (other != name) {
            text += line;
        }
    }
    return {text, "webhook[1]." + name};
}

std::string error_of(std::string_view text) {
    const auto parsed = parse(text, "t.toml");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().code == base::ErrorCode::Invalid);
    return parsed.error().message;
}

TEST_CASE("a bad value names its line, its key and what is allowed", "[config]") {
    for (const auto& bad : bad_values) {
        const auto [text, subject] = text_and_subject(bad);
        INFO(text);
        CHECK(error_of(text) == "t.toml:2: " + subject + ": " + bad.reason);
    }
}

TEST_CASE("every key has a bad-value case above", "[config]") {
    std::set<std::string> covered;
    for (const auto& bad : bad_values) {
        covered.insert(bad.key);
    }
    CHECK(covered == test::all_keys());
}

TEST_CASE("default values must not exceed their maximum", "[config]") {
    CHECK(error_of("[values]\ndefault_ttl = 7200\n") ==
          "t.toml:2: values.default_ttl: must not exceed values.max_ttl (3600), got 7200");
    CHECK(error_of("[values]\nmax_ttl = 30\n") ==
          "t.toml:2: values.default_ttl: must not exceed values.max_ttl (30), got 60");
    CHECK(error_of("[values]\nmax_ttl = 30\ndefault_ttl = 40\n") ==
          "t.toml:3: values.default_ttl: must not exceed values.max_ttl (30), got 40");
    CHECK(error_of("[values]\ndefault_expires_in = \"2d\"\n") ==
          "t.toml:2: values.default_expires_in: must not exceed values.max_expires_in (1d), got "
          "2d");
    CHECK(error_of("[checker]\npending_interval = \"2h\"\n") ==
          "t.toml:2: checker.pending_interval: must not exceed checker.pending_max_interval (1h), "
          "got 2h");
    CHECK(error_of("[checker]\npending_max_interval = \"30s\"\n") ==
          "t.toml:2: checker.pending_interval: must not exceed checker.pending_max_interval "
          "(30s), got 1m");
}

TEST_CASE("a secret that is too short is refused without being shown", "[config]") {
    const std::string message =
        error_of("[[webhook]]\nurl = \"https://hooks.example.net/\"\nsecret = \"s3cr3t\"\n");
    CHECK(message == "t.toml:3: webhook[1].secret: must be at least 16 octets long, got 6");
    CHECK_THAT(message, !Catch::Contains("s3cr3t"));
}

TEST_CASE("[[webhook]] problems name the webhook, counted from 1", "[config]") {
    const std::string first = "[[webhook]]\n"
                              "url = \"https://a.example.net/\"\n"
                              "secret = \"0123456789abcdef\"\n";
    CHECK(error_of(first + "[[webhook]]\n"
                           "url = \"b.example.net\"\n"
                           "secret = \"0123456789abcdef\"\n") ==
          "t.toml:5: webhook[2].url: must be an http:// or https:// URL with a host, such as "
          "\"https://hooks.example.net/dcvd\", got \"b.example.net\"");
    CHECK(error_of(first + "colour = \"blue\"\n") ==
          "t.toml:4: webhook[1].colour: unknown key; known keys in [[webhook]]: url, secret");
    CHECK(error_of(first + "[webhook.headers]\nx = 1\n") ==
          "t.toml:4: webhook[1].headers: unknown key; known keys in [[webhook]]: url, secret");
}

TEST_CASE("each [[webhook]] needs url and secret: they have no defaults", "[config]") {
    CHECK(error_of("[[webhook]]\nurl = \"https://a.example.net/\"\n") ==
          "t.toml:1: webhook[1].secret: missing; each [[webhook]] needs one");
    CHECK(error_of("[log]\nlevel = \"info\"\n\n[[webhook]]\n") ==
          "t.toml:4: webhook[1].url: missing; each [[webhook]] needs one\n"
          "t.toml:4: webhook[1].secret: missing; each [[webhook]] needs one");
}

TEST_CASE("webhooks are an array of tables, not a table or a value", "[config]") {
    CHECK(
        error_of("[webhook]\nurl = \"https://a.example.net/\"\nsecret = \"0123456789abcdef\"\n") ==
        "t.toml:1: [webhook]: must be written [[webhook]], an array of tables: one [[webhook]] "
        "each");
    CHECK(error_of("webhook = \"https://a.example.net/\"\n") ==
          "t.toml:1: webhook: expected [[webhook]] tables, got a string");
    CHECK(error_of("webhook = [1]\n") == "t.toml:1: webhook[1]: expected a table, got an integer");
    CHECK(error_of("[[checker]]\nenabled = false\n") ==
          "t.toml:1: checker: expected the table [checker], got a value");
}

TEST_CASE("unknown keys are errors that list the known keys of their table", "[config]") {
    CHECK(error_of("[dns]\nworker = 2\n") ==
          "t.toml:2: dns.worker: unknown key; known keys in [dns]: listen, workers, "
          "udp_buffer_bytes, edns_payload, tcp_idle_timeout, tcp_max_connections");
    CHECK(error_of("[zone.extra]\nx = 1\n") ==
          "t.toml:1: zone.extra: unknown key; known keys in [zone]: name, file");
}

TEST_CASE("unknown tables and keys outside tables are errors", "[config]") {
    CHECK(error_of("[colour]\nlisten = 1\n") ==
          "t.toml:1: [colour]: unknown table; known tables: zone, dns, store, api, values, "
          "acme_dns, log, checker, edge, webhook");
    CHECK(error_of("workers = 2\n") ==
          "t.toml:1: workers: unknown key; keys belong in the tables zone, dns, store, api, "
          "values, acme_dns, log, checker, edge, webhook");
    CHECK(error_of("dns = 3\n") == "t.toml:1: dns: expected the table [dns], got a value");
}

TEST_CASE("a TOML syntax error names its line", "[config]") {
    CHECK_THAT(error_of("[dns]\nworkers = 2\nlisten = [\"a\"\n"), Catch::StartsWith("t.toml:3: "));
    CHECK_THAT(error_of("[dns]\n[dns]\n"),
               Catch::StartsWith("t.toml:2: ") && Catch::Contains("'dns'"));
}

TEST_CASE("all problems are reported at once, one per line, in line order", "[config]") {
    CHECK(error_of("[log]\n"
                   "level = \"loud\"\n"
                   "[dns]\n"
                   "workers = 999\n"
                   "colour = \"blue\"\n"
                   "listen = [\"127.0.0.1:53\",\n"
                   "          \"nowhere\"]\n"
                   "[store]\n"
                   "map_size = \"1KiB\"\n") ==
          "t.toml:2: log.level: must be one of trace, debug, info, warn, error, critical, off, "
          "got \"loud\"\n"
          "t.toml:4: dns.workers: must be between 0 and 256, got 999\n"
          "t.toml:5: dns.colour: unknown key; known keys in [dns]: listen, workers, "
          "udp_buffer_bytes, edns_payload, tcp_idle_timeout, tcp_max_connections\n"
          "t.toml:7: dns.listen: invalid address \"nowhere\": expected ip:port or [ip6]:port\n"
          "t.toml:9: store.map_size: must be between 16MiB and 1TiB, got \"1KiB\"");
}

TEST_CASE("an unreadable configuration file is an error naming it", "[config]") {
    const auto loaded = load_file("/nonexistent/dcvd.toml");
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code == base::ErrorCode::NotFound);
    CHECK(loaded.error().message ==
          "/nonexistent/dcvd.toml: cannot read the configuration file: No such file or directory");
}

} // namespace
} // namespace dcvd::config
