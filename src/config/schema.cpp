// config/schema.cpp: every configuration key: table, name, kind, range, doc line and where it
// lives in Config. Defaults are not repeated here: they are the Options structs' initializers,
// read from a default-constructed Config.
#include "schema.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <type_traits>

namespace dcvd::config::schema {
namespace {

constexpr std::uint64_t kib = 1ULL << 10;
constexpr std::uint64_t mib = 1ULL << 20;
constexpr std::uint64_t tib = 1ULL << 40;
constexpr std::uint64_t second_ms = 1000;
constexpr std::uint64_t hour_ms = 3600 * second_ms;
constexpr std::uint64_t day_ms = 24 * hour_ms;

template <class T> struct IsDuration : std::false_type {};
template <class R, class P> struct IsDuration<std::chrono::duration<R, P>> : std::true_type {};

template <class T> Value to_value(const T& field) {
    if constexpr (IsDuration<T>::value) {
        return static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(field).count());
    } else if constexpr (std::is_integral_v<T>) {
        return static_cast<std::uint64_t>(field);
    } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
        return field.string();
    } else {
        return field; // std::string, std::vector<std::string>
    }
}

template <class T> void from_value(const Value& value, T& field) {
    if constexpr (IsDuration<T>::value) {
        field = std::chrono::duration_cast<T>(
            std::chrono::milliseconds(static_cast<std::int64_t>(std::get<std::uint64_t>(value))));
    } else if constexpr (std::is_integral_v<T>) {
        field = static_cast<T>(std::get<std::uint64_t>(value)); // validated against the range
    } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
        field = std::get<std::string>(value);
    } else {
        field = std::get<T>(value);
    }
}

/// read/write of the field `Member` of the section `Section` of Config.
template <auto Section, auto Member> Value read(const Config& config) {
    return to_value((config.*Section).*Member);
}
template <auto Section, auto Member> void write(Config& config, const Value& value) {
    from_value(value, (config.*Section).*Member);
}
template <auto Section, auto Member>
constexpr Key key(std::string_view table, std::string_view name, Kind kind, std::uint64_t min,
                  std::uint64_t max, std::string_view doc) {
    return Key{table, name, kind, min, max, doc, &read<Section, Member>, &write<Section, Member>};
}

constexpr std::array<Table, 7> all_tables{{
    {"zone", "The validation zone: its name and the file with its static records."},
    {"dns", "The DNS server: where it listens and how its workers behave."},
    {"store", "The store (LMDB): where the data lives and how writes are batched."},
    {"api", "The HTTP API: where it listens and how long it waits for requests."},
    {"values", "Bounds on challenge values, written with `dcvd txt` or through the HTTP API."},
    {"acme_dns", "The acme-dns compatible routes of the HTTP API (/register, /update)."},
    {"log", "Logging (to stderr)."},
}};

using dns::ServerOptions;
using store::Options;

constexpr std::array all_keys{
    key<&Config::zone, &ZoneOptions::name>(
        "zone", "name", Kind::DomainName, 0, 0,
        "the validation zone's apex, the zone NS-delegated to dcvd"),
    key<&Config::zone, &ZoneOptions::file>(
        "zone", "file", Kind::Path, 0, 0,
        "zone file with the static records (SOA, NS, glue), relative to the working directory"),
    key<&Config::dns, &ServerOptions::listen>(
        "dns", "listen", Kind::Endpoints, 0, 0,
        "addresses to serve on, UDP and TCP each: \"ip:port\" or \"[ip6]:port\" (port 0: any "
        "free port)"),
    key<&Config::dns, &ServerOptions::workers>(
        "dns", "workers", Kind::Integer, 0, 256,
        "worker threads, each with its own sockets and event loop (0: one per core)"),
    key<&Config::dns, &ServerOptions::udp_buffer_bytes>(
        "dns", "udp_buffer_bytes", Kind::Size, 64 * kib, 256 * mib,
        "receive and send buffer of each UDP socket (SO_RCVBUF, SO_SNDBUF)"),
    key<&Config::dns, &ServerOptions::edns_payload>(
        "dns", "edns_payload", Kind::Integer, 512, 4096,
        "EDNS UDP payload size advertised and answered within (RFC 6891; 1232 avoids "
        "fragmentation)"),
    key<&Config::dns, &ServerOptions::tcp_idle_timeout>(
        "dns", "tcp_idle_timeout", Kind::Milliseconds, second_ms, hour_ms,
        "close TCP connections idle this long (RFC 7766 §6.2.3)"),
    key<&Config::dns, &ServerOptions::tcp_max_connections>(
        "dns", "tcp_max_connections", Kind::Integer, 1, 65535,
        "open TCP connections per worker; more are closed at accept"),
    key<&Config::store, &Options::path>(
        "store", "path", Kind::Path, 0, 0,
        "data directory, created if missing; `dcvd txt` and `dcvd export` must use the same"),
    key<&Config::store, &Options::map_size_bytes>(
        "store", "map_size", Kind::Size, 16 * mib, tib,
        "LMDB map size: the most space the data may ever take (disk is used as data grows)"),
    key<&Config::store, &Options::max_batch_ops>(
        "store", "max_batch_ops", Kind::Integer, 1, 1'000'000,
        "most write operations one group commit (one LMDB transaction) applies"),
    key<&Config::store, &Options::commit_delay>(
        "store", "commit_delay", Kind::Milliseconds, 0, second_ms,
        "how long a commit waits for more writes when writes arrived while the previous commit "
        "was written (\"0ms\": never); fewer, larger commits cost less CPU per write"),
    key<&Config::store, &Options::purge_interval>(
        "store", "purge_interval", Kind::Seconds, second_ms, day_ms,
        "how often `dcvd serve` deletes expired challenge values"),
    key<&Config::api, &api::HttpServerOptions::listen>(
        "api", "listen", Kind::Endpoints, 0, 0,
        "addresses of the HTTP API: \"ip:port\" or \"[ip6]:port\"; keep it on loopback unless "
        "a proxy with TLS is in front"),
    key<&Config::api, &api::HttpServerOptions::unix_socket>(
        "api", "unix_socket", Kind::OptionalPath, 0, 0,
        "a unix socket to serve the API on as well (\"\": none); its mode gates local clients"),
    key<&Config::api, &api::HttpServerOptions::unix_socket_mode>(
        "api", "unix_socket_mode", Kind::FileMode, 0, 0777,
        "file mode of the unix socket, in octal (connecting needs write permission)"),
    key<&Config::api, &api::HttpServerOptions::max_connections>(
        "api", "max_connections", Kind::Integer, 1, 65535,
        "open API connections; more are answered 503 and closed"),
    key<&Config::api, &api::HttpServerOptions::request_timeout>(
        "api", "request_timeout", Kind::Milliseconds, 100, hour_ms,
        "a request must arrive whole this soon after its first octet, else 408"),
    key<&Config::api, &api::HttpServerOptions::idle_timeout>(
        "api", "idle_timeout", Kind::Milliseconds, 100, hour_ms,
        "close keep-alive connections idle this long"),
    key<&Config::values, &ValueOptions::default_ttl>(
        "values", "default_ttl", Kind::Integer, 1, 86400,
        "TTL in seconds of a challenge value written without one"),
    key<&Config::values, &ValueOptions::max_ttl>(
        "values", "max_ttl", Kind::Integer, 1, 86400,
        "highest TTL in seconds a challenge value may have"),
    key<&Config::values, &ValueOptions::default_expires_in>(
        "values", "default_expires_in", Kind::Seconds, second_ms, 30 * day_ms,
        "how long a challenge value written without an expiry is served"),
    key<&Config::values, &ValueOptions::max_expires_in>(
        "values", "max_expires_in", Kind::Seconds, second_ms, 30 * day_ms,
        "longest expiry a challenge value may have"),
    key<&Config::values, &ValueOptions::max_values_per_host>(
        "values", "max_values_per_host", Kind::Integer, 1, 64,
        "most challenge values one host may have at once"),
    key<&Config::acme_dns, &AcmeDnsOptions::trusted_proxies>(
        "acme_dns", "trusted_proxies", Kind::Cidrs, 0, 0,
        "peers whose X-Forwarded-For names the client for acme-dns allowfrom (else the peer)"),
    key<&Config::log, &LogOptions::level>(
        "log", "level", Kind::LogLevel, 0, 0,
        "least severe messages logged (tools other than serve: info means warn)"),
};

constexpr std::array<Ordering, 2> all_orderings{{
    {"values", "default_ttl", "max_ttl"},
    {"values", "default_expires_in", "max_expires_in"},
}};

} // namespace

std::span<const Table> tables() noexcept {
    return all_tables;
}

std::span<const Key> keys() noexcept {
    return all_keys;
}

std::span<const Ordering> orderings() noexcept {
    return all_orderings;
}

const Key* find_key(std::string_view table, std::string_view name) noexcept {
    const auto it = std::find_if(all_keys.begin(), all_keys.end(), [&](const Key& key) {
        return key.table == table && key.name == name;
    });
    return it == all_keys.end() ? nullptr : &*it;
}

} // namespace dcvd::config::schema
