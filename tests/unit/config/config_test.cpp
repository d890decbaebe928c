// config/config_test.cpp: values accepted and normalized, the embedded default, and
// parse(to_toml(c)) giving c back.
#include <catch2/catch.hpp>

#include "dcvd/config/config.hpp"

namespace dcvd::config {
namespace {

using namespace std::chrono_literals;

Config parsed(std::string_view text) {
    auto result = parse(text, "t.toml");
    INFO((result ? std::string() : result.error().message));
    REQUIRE(result.has_value());
    return *result;
}

TEST_CASE("keys left out keep their defaults", "[config]") {
    const Config config = parsed("");
    const Config defaults;
    CHECK(to_toml(config) == to_toml(defaults));
    CHECK(config.source == "t.toml");
    CHECK(config.dns.edns_payload == 1232);
    CHECK(config.store.map_size_bytes == 4ULL << 30);
}

TEST_CASE("the zone name becomes absolute", "[config]") {
    CHECK(parsed("[zone]\nname = \"acme.example.org\"\n").zone.name == "acme.example.org.");
    CHECK(parsed("[zone]\nname = \"acme.example.org.\"\n").zone.name == "acme.example.org.");
}

TEST_CASE("listen takes IPv4 and bracketed IPv6 addresses, port 0 included", "[config]") {
    const Config config = parsed("[dns]\nlisten = [\"0.0.0.0:53\", \"[::]:0\", \"[::1]:5353\"]\n");
    CHECK(config.dns.listen == std::vector<std::string>{"0.0.0.0:53", "[::]:0", "[::1]:5353"});
}

TEST_CASE("sizes take units or plain bytes; durations take units", "[config]") {
    const Config config = parsed("[dns]\n"
                                 "udp_buffer_bytes = 65536\n"
                                 "tcp_idle_timeout = \"1500ms\"\n"
                                 "[store]\n"
                                 "map_size = \"512MiB\"\n"
                                 "purge_interval = \"10m\"\n"
                                 "[values]\n"
                                 "default_expires_in = \"90s\"\n"
                                 "max_expires_in = \"30d\"\n");
    CHECK(config.dns.udp_buffer_bytes == 65536);
    CHECK(config.dns.tcp_idle_timeout == 1500ms);
    CHECK(config.store.map_size_bytes == 512ULL << 20);
    CHECK(config.store.purge_interval == 10min);
    CHECK(config.values.default_expires_in == 90s);
    CHECK(config.values.max_expires_in == std::chrono::hours(720));
}

TEST_CASE("the checker's keys parse", "[config]") {
    const Config config = parsed("[checker]\n"
                                 "enabled = false\n"
                                 "mode = \"resolver\"\n"
                                 "resolvers = [\"192.0.2.53:53\", \"[2001:db8::53]:5353\"]\n"
                                 "authority_port = 5300\n"
                                 "confirmations = 1\n"
                                 "min_interval = \"0s\"\n"
                                 "onboarding_window = \"3650d\"\n"
                                 "pending_interval = \"30s\"\n"
                                 "pending_max_interval = \"30s\"\n"
                                 "settled_interval = \"12h\"\n"
                                 "stale_interval = \"2d\"\n"
                                 "jitter_percent = 0\n"
                                 "query_timeout = \"500ms\"\n"
                                 "query_attempts = 10\n"
                                 "max_queries_in_flight = 65535\n"
                                 "max_checks_in_flight = 1\n");
    const auto& checker = config.checker;
    CHECK_FALSE(checker.enabled);
    CHECK(checker.mode == checker::mode_resolver);
    CHECK(checker.resolvers == std::vector<std::string>{"192.0.2.53:53", "[2001:db8::53]:5353"});
    CHECK(checker.authority_port == 5300);
    CHECK(checker.confirmations == 1);
    CHECK(checker.min_interval == 0s);
    CHECK(checker.onboarding_window == std::chrono::hours(24 * 3650));
    CHECK(checker.pending_interval == 30s);
    CHECK(checker.pending_max_interval == 30s);
    CHECK(checker.settled_interval == 12h);
    CHECK(checker.stale_interval == 48h);
    CHECK(checker.jitter_percent == 0);
    CHECK(checker.query_timeout == 500ms);
    CHECK(checker.query_attempts == 10);
    CHECK(checker.max_queries_in_flight == 65535);
    CHECK(checker.max_checks_in_flight == 1);
    CHECK(parsed("[checker]\nenabled = true\nmode = \"authoritative\"\n").checker.mode ==
          checker::mode_authoritative);
}

TEST_CASE("the checker's defaults are the options' own", "[config]") {
    const Config config = parsed("");
    const checker::CheckerOptions defaults;
    CHECK(config.checker.enabled);
    CHECK(config.checker.mode == defaults.mode);
    CHECK(config.checker.resolvers == defaults.resolvers);
    CHECK(config.checker.onboarding_window == defaults.onboarding_window);
    CHECK(config.edge.cname_suffixes.empty());
    CHECK(config.edge.addresses.empty());
    CHECK(config.webhooks.empty());
}

TEST_CASE("edge suffixes become absolute; edge ranges take IPv4 and IPv6", "[config]") {
    const Config config =
        parsed("[edge]\n"
               "cname_suffixes = [\"edge.example.net\", \"CDN.Example.ORG.\"]\n"
               "addresses = [\"192.0.2.0/24\", \"2001:db8::/32\", \"198.51.100.7\"]\n");
    CHECK(config.edge.cname_suffixes ==
          std::vector<std::string>{"edge.example.net.", "CDN.Example.ORG."});
    CHECK(config.edge.addresses ==
          std::vector<std::string>{"192.0.2.0/24", "2001:db8::/32", "198.51.100.7"});
    CHECK(parsed("[edge]\ncname_suffixes = []\n").edge.cname_suffixes.empty());
}

TEST_CASE("webhooks are [[webhook]] tables, in file order", "[config]") {
    const Config config = parsed("[[webhook]]\n"
                                 "url = \"https://hooks.example.net/dcvd\"\n"
                                 "secret = \"0123456789abcdef\"\n"
                                 "[[webhook]]\n"
                                 "secret = \"another secret of some length\"\n"
                                 "url = \"http://[2001:db8::1]:8080/hook?from=dcvd#x\"\n"
                                 "[[webhook]]\n"
                                 "url = \"http://192.0.2.8:8080\"\n"
                                 "secret = \"0123456789abcdef\"\n");
    REQUIRE(config.webhooks.size() == 3);
    CHECK(config.webhooks[0].url == "https://hooks.example.net/dcvd");
    CHECK(config.webhooks[0].secret == "0123456789abcdef");
    CHECK(config.webhooks[1].url == "http://[2001:db8::1]:8080/hook?from=dcvd#x");
    CHECK(config.webhooks[1].secret == "another secret of some length");
    CHECK(config.webhooks[2].url == "http://192.0.2.8:8080");
    // TOML's other spelling of an array of tables means the same.
    const Config inline_form = parsed("webhook = [{url = \"https://hooks.example.net/\", "
                                      "secret = \"0123456789abcdef\"}]\n");
    REQUIRE(inline_form.webhooks.size() == 1);
    CHECK(inline_form.webhooks[0].url == "https://hooks.example.net/");
    CHECK(parsed("webhook = []\n").webhooks.empty());
}

TEST_CASE("the embedded default parses to the default configuration", "[config]") {
    const auto config = embedded_default();
    INFO((config ? std::string() : config.error().message));
    REQUIRE(config.has_value());
    CHECK(config->source == "(embedded default)");
    CHECK(config->zone.name == "validation.example.net.");
    CHECK(config->zone.file == "zones/validation.example.net.zone");
    CHECK(config->dns.listen == std::vector<std::string>{"127.0.0.1:5353", "[::1]:5353"});
    CHECK(config->dns.workers == 0);
    CHECK(config->store.path == "./var");
    CHECK(to_toml(*config) == to_toml(Config{}));
}

TEST_CASE("parse(to_toml(c)) gives c back, every key changed", "[config]") {
    Config config;
    config.zone.name = "acme.example.org.";
    config.zone.file = "/etc/dcvd/acme \"zone\"\t.zone";
    config.dns.listen = {"192.0.2.53:53", "[2001:db8::53]:53"};
    config.dns.workers = 3;
    config.dns.udp_buffer_bytes = 1536 * 1024;
    config.dns.edns_payload = 1400;
    config.dns.tcp_idle_timeout = 2500ms;
    config.dns.tcp_max_connections = 1000;
    config.store.path = "/var/lib/dcvd";
    config.store.map_size_bytes = 1ULL << 40;
    config.store.max_batch_ops = 1000;
    config.store.purge_interval = 90s;
    config.values.default_ttl = 30;
    config.values.max_ttl = 600;
    config.values.default_expires_in = 2h;
    config.values.max_expires_in = std::chrono::hours(48);
    config.values.max_values_per_host = 4;
    config.log.level = "debug";
    config.checker.enabled = false;
    config.checker.mode = checker::mode_resolver;
    config.checker.resolvers = {"192.0.2.53:53", "[2001:db8::53]:53"};
    config.checker.authority_port = 5300;
    config.checker.confirmations = 5;
    config.checker.min_interval = 0s;
    config.checker.onboarding_window = std::chrono::hours(24 * 90);
    config.checker.pending_interval = 30s;
    config.checker.pending_max_interval = 2h;
    config.checker.settled_interval = 12h;
    config.checker.stale_interval = 48h;
    config.checker.jitter_percent = 25;
    config.checker.query_timeout = 1500ms;
    config.checker.query_attempts = 2;
    config.checker.max_queries_in_flight = 1024;
    config.checker.max_checks_in_flight = 16;
    config.edge.cname_suffixes = {"edge.example.net.", "cdn.example.org."};
    config.edge.addresses = {"192.0.2.0/24", "2001:db8::/32"};
    config.webhooks = {{.url = "https://hooks.example.net/dcvd", .secret = "0123456789abcdef"},
                       {.url = "http://[2001:db8::1]:8080/x", .secret = "\"quoted\"\tsecret..."}};

    const std::string text = to_toml(config);
    INFO(text);
    const Config back = parsed(text);
    CHECK(back.zone.name == config.zone.name);
    CHECK(back.zone.file == config.zone.file);
    CHECK(back.dns.listen == config.dns.listen);
    CHECK(back.dns.workers == config.dns.workers);
    CHECK(back.dns.udp_buffer_bytes == config.dns.udp_buffer_bytes);
    CHECK(back.dns.edns_payload == config.dns.edns_payload);
    CHECK(back.dns.tcp_idle_timeout == config.dns.tcp_idle_timeout);
    CHECK(back.dns.tcp_max_connections == config.dns.tcp_max_connections);
    CHECK(back.store.path == config.store.path);
    CHECK(back.store.map_size_bytes == config.store.map_size_bytes);
    CHECK(back.store.max_batch_ops == config.store.max_batch_ops);
    CHECK(back.store.purge_interval == config.store.purge_interval);
    CHECK(back.values.default_ttl == config.values.default_ttl);
    CHECK(back.values.max_ttl == config.values.max_ttl);
    CHECK(back.values.default_expires_in == config.values.default_expires_in);
    CHECK(back.values.max_expires_in == config.values.max_expires_in);
    CHECK(back.values.max_values_per_host == config.values.max_values_per_host);
    CHECK(back.log.level == config.log.level);
    CHECK(back.checker.enabled == config.checker.enabled);
    CHECK(back.checker.mode == config.checker.mode);
    CHECK(back.checker.resolvers == config.checker.resolvers);
    CHECK(back.checker.authority_port == config.checker.authority_port);
    CHECK(back.checker.confirmations == config.checker.confirmations);
    CHECK(back.checker.min_interval == config.checker.min_interval);
    CHECK(back.checker.onboarding_window == config.checker.onboarding_window);
    CHECK(back.checker.pending_interval == config.checker.pending_interval);
    CHECK(back.checker.pending_max_interval == config.checker.pending_max_interval);
    CHECK(back.checker.settled_interval == config.checker.settled_interval);
    CHECK(back.checker.stale_interval == config.checker.stale_interval);
    CHECK(back.checker.jitter_percent == config.checker.jitter_percent);
    CHECK(back.checker.query_timeout == config.checker.query_timeout);
    CHECK(back.checker.query_attempts == config.checker.query_attempts);
    CHECK(back.checker.max_queries_in_flight == config.checker.max_queries_in_flight);
    CHECK(back.checker.max_checks_in_flight == config.checker.max_checks_in_flight);
    CHECK(back.edge.cname_suffixes == config.edge.cname_suffixes);
    CHECK(back.edge.addresses == config.edge.addresses);
    REQUIRE(back.webhooks.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(back.webhooks[i].url == config.webhooks[i].url);
        CHECK(back.webhooks[i].secret == config.webhooks[i].secret);
    }
    CHECK(to_toml(back) == text);
}

TEST_CASE("parse(to_toml(c)) gives c back with no webhooks, one commented out", "[config]") {
    Config config;
    config.checker.mode = checker::mode_resolver;
    config.edge.cname_suffixes = {"edge.example.net."};
    const std::string text = to_toml(config);
    INFO(text);
    CHECK_THAT(text, !Catch::Contains("\n[[webhook]]"));
    CHECK_THAT(text, Catch::Contains("\n# [[webhook]]\n"));
    const Config back = parsed(text);
    CHECK(back.webhooks.empty());
    CHECK(back.checker.mode == config.checker.mode);
    CHECK(back.edge.cname_suffixes == config.edge.cname_suffixes);
    CHECK(to_toml(back) == text);
}

TEST_CASE("the commented-out [[webhook]] parses once uncommented", "[config]") {
    const std::string text = to_toml(Config{});
    const auto start = text.find("# [[webhook]]\n");
    REQUIRE(start != std::string::npos);
    // The example runs to the end of the text or of the commented lines.
    std::string uncommented;
    for (auto at = start; at < text.size() && text.compare(at, 2, "# ") == 0;) {
        const auto end = text.find('\n', at);
        uncommented += text.substr(at + 2, end - at - 1);
        at = end + 1;
    }
    INFO(uncommented);
    const Config config = parsed(uncommented);
    REQUIRE(config.webhooks.size() == 1);
    CHECK(config.webhooks[0].url == "https://hooks.example.net/dcvd");
    CHECK(config.webhooks[0].secret.size() >= 16);
}

TEST_CASE("to_toml writes each key after its doc, range and default as comments", "[config]") {
    const std::string text = to_toml(Config{});
    CHECK_THAT(text, Catch::Contains("# EDNS UDP payload size advertised and answered within "
                                     "(RFC 6891; 1232 avoids fragmentation)\n"
                                     "# 512..4096; default 1232\n"
                                     "edns_payload = 1232\n"));
    CHECK_THAT(text, Catch::Contains("# 1s..1h; default \"10s\"\ntcp_idle_timeout = \"10s\"\n"));
    CHECK_THAT(text, Catch::Contains("# 16MiB..1TiB; default \"4GiB\"\nmap_size = \"4GiB\"\n"));
    CHECK_THAT(text, Catch::Contains("# default \"./var\"\npath = \"./var\"\n"));
    CHECK_THAT(text, Catch::StartsWith("# The validation zone"));
    CHECK_THAT(text, Catch::Contains("\n# default true\nenabled = true\n"));
    CHECK_THAT(text, Catch::Contains("# authoritative, resolver; default \"authoritative\"\n"
                                     "mode = \"authoritative\"\n"));
    CHECK_THAT(text, Catch::Contains("# domain names, or none; default []\ncname_suffixes = []\n"));
    CHECK_THAT(text, Catch::Contains("# # an http:// or https:// URL; required\n"
                                     "# url = \"https://hooks.example.net/dcvd\"\n"));
    CHECK_THAT(text, Catch::Contains("# # at least 16 octets; required\n"));
}

} // namespace
} // namespace dcvd::config
