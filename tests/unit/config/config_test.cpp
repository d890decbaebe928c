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
    CHECK(to_toml(back) == text);
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
}

} // namespace
} // namespace dcvd::config
