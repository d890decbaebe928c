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
    } else if constexpr (std::is_same_v<T, bool>) {
        return Value{std::in_place_type<bool>, field};
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
    } else if constexpr (std::is_same_v<T, bool>) {
        field = std::get<bool>(value);
    } else if constexpr (std::is_integral_v<T>) {
        field = static_cast<T>(std::get<std::uint64_t>(value)); // validated against the range
    } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
        field = std::get<std::string>(value);
    } else {
        field = std::get<T>(value);
    }
}

/// read/write of the field `Member` of the section `Section` of Config.
template <auto Section, auto Member> Value read(const Config& config, std::size_t /*element*/) {
    return to_value((config.*Section).*Member);
}
template <auto Section, auto Member>
void write(Config& config, std::size_t /*element*/, const Value& value) {
    from_value(value, (config.*Section).*Member);
}
template <auto Section, auto Member>
constexpr Key key(std::string_view table, std::string_view name, Kind kind, std::uint64_t min,
                  std::uint64_t max, std::string_view doc) {
    return Key{table, name, kind, min, max, doc, &read<Section, Member>, &write<Section, Member>};
}
template <auto Section, auto Member>
constexpr Key choice_key(std::string_view table, std::string_view name,
                         std::span<const std::string_view> choices, std::string_view doc) {
    Key choice = key<Section, Member>(table, name, Kind::Choice, 0, 0, doc);
    choice.choices = choices;
    return choice;
}

/// A repeated table: the vector `Elements` of Config, one element per [[table]].
template <auto Elements> std::size_t count(const Config& config) {
    return (config.*Elements).size();
}
template <auto Elements> void resize(Config& config, std::size_t size) {
    (config.*Elements).resize(size);
}
template <auto Elements>
constexpr Table repeated_table(std::string_view name, std::string_view doc) {
    return Table{name, doc, &count<Elements>, &resize<Elements>, true};
}

/// read/write of the field `Member` of element `element` of the vector `Elements` of Config.
template <auto Elements, auto Member>
Value read_element(const Config& config, std::size_t element) {
    return to_value((config.*Elements).at(element).*Member);
}
template <auto Elements, auto Member>
void write_element(Config& config, std::size_t element, const Value& value) {
    from_value(value, (config.*Elements).at(element).*Member);
}
/// A key every element of the repeated table must give; `example` is a valid value.
template <auto Elements, auto Member>
constexpr Key required_key(std::string_view table, std::string_view name, Kind kind,
                           std::uint64_t min, std::string_view doc, std::string_view example) {
    return Key{table,
               name,
               kind,
               min,
               0,
               doc,
               &read_element<Elements, Member>,
               &write_element<Elements, Member>,
               {},
               true,
               example};
}

constexpr std::array<Table, 10> all_tables{{
    {"zone", "The validation zone: its name and the file with its static records."},
    {"dns", "The DNS server: where it listens and how its workers behave."},
    {"store", "The store (LMDB): where the data lives and how writes are batched."},
    {"api", "The HTTP API: where it listens and how long it waits for requests."},
    {"values", "Bounds on challenge values, written with `dcvd txt` or through the HTTP API."},
    {"acme_dns", "The acme-dns compatible routes of the HTTP API (/register, /update)."},
    {"log", "Logging (to stderr)."},
    {"checker", "The delegation checker: how it asks DNS and how it moves delegations between "
                "states."},
    {"edge", "The provider's edge: where customer hosts point when they are served by the "
             "provider."},
    repeated_table<&Config::webhooks>(
        "webhook", "Webhooks: every delegation state transition is POSTed to each, as signed "
                   "JSON."),
}};

using checker::CheckerOptions;
using checker::EdgeOptions;
using checker::WebhookOptions;
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
    choice_key<&Config::log, &LogOptions::level>(
        "log", "level", log_levels,
        "least severe messages logged (tools other than serve: info means warn)"),
    key<&Config::checker, &CheckerOptions::enabled>(
        "checker", "enabled", Kind::Boolean, 0, 0,
        "check delegations in `dcvd serve` (false: no checks, states stay as they are)"),
    choice_key<&Config::checker, &CheckerOptions::mode>(
        "checker", "mode", checker_modes,
        "how to ask DNS: authoritative asks each customer zone's nameservers, resolver the "
        "resolvers"),
    key<&Config::checker, &CheckerOptions::resolvers>(
        "checker", "resolvers", Kind::Endpoints, 0, 0,
        "recursive resolvers, \"ip:port\" or \"[ip6]:port\"; the first finds the customer "
        "zones' nameservers"),
    key<&Config::checker, &CheckerOptions::authority_port>(
        "checker", "authority_port", Kind::Integer, 1, 65535,
        "port the customer zones' nameservers are asked on (authoritative mode)"),
    key<&Config::checker, &CheckerOptions::confirmations>(
        "checker", "confirmations", Kind::Integer, 1, 100,
        "consecutive checks that must want a state change before it is made"),
    key<&Config::checker, &CheckerOptions::min_interval>(
        "checker", "min_interval", Kind::Seconds, 0, day_ms,
        "least time from the first to the last of those checks (\"0s\": none)"),
    key<&Config::checker, &CheckerOptions::onboarding_window>(
        "checker", "onboarding_window", Kind::Seconds, second_ms, 3650 * day_ms,
        "how long a delegated host may take to point at the edge before it is stale "
        "(never_pointed)"),
    key<&Config::checker, &CheckerOptions::pending_interval>(
        "checker", "pending_interval", Kind::Seconds, second_ms, day_ms,
        "first wait between checks of a pending or misdelegated delegation; each next wait is "
        "twice as long"),
    key<&Config::checker, &CheckerOptions::pending_max_interval>(
        "checker", "pending_max_interval", Kind::Seconds, second_ms, 30 * day_ms,
        "longest wait between checks of a pending or misdelegated delegation"),
    key<&Config::checker, &CheckerOptions::settled_interval>(
        "checker", "settled_interval", Kind::Seconds, second_ms, 30 * day_ms,
        "wait between checks of a delegated or active delegation"),
    key<&Config::checker, &CheckerOptions::stale_interval>(
        "checker", "stale_interval", Kind::Seconds, second_ms, 30 * day_ms,
        "wait between checks of a stale delegation"),
    key<&Config::checker, &CheckerOptions::jitter_percent>(
        "checker", "jitter_percent", Kind::Integer, 0, 100,
        "each wait is stretched by a random 0 to this many percent, so checks spread out"),
    key<&Config::checker, &CheckerOptions::query_timeout>(
        "checker", "query_timeout", Kind::Milliseconds, 100, 60 * second_ms,
        "how long each UDP attempt of a query waits for its reply"),
    key<&Config::checker, &CheckerOptions::query_attempts>(
        "checker", "query_attempts", Kind::Integer, 1, 10,
        "UDP attempts of a query before it fails (a truncated reply is asked again over TCP)"),
    key<&Config::checker, &CheckerOptions::max_queries_in_flight>(
        "checker", "max_queries_in_flight", Kind::Integer, 1, 65535,
        "DNS queries on the wire at once; more wait in order"),
    key<&Config::checker, &CheckerOptions::max_checks_in_flight>(
        "checker", "max_checks_in_flight", Kind::Integer, 1, 65535,
        "delegations checked at once; more wait for a free slot"),
    key<&Config::edge, &EdgeOptions::cname_suffixes>(
        "edge", "cname_suffixes", Kind::DomainNames, 0, 0,
        "a host whose CNAME chain passes one of these names or a name below one is at the edge"),
    key<&Config::edge, &EdgeOptions::addresses>(
        "edge", "addresses", Kind::Cidrs, 0, 0,
        "a host with an address in one of these ranges is at the edge"),
    required_key<&Config::webhooks, &WebhookOptions::url>("webhook", "url", Kind::Url, 0,
                                                          "where the transitions are POSTed",
                                                          "https://hooks.example.net/dcvd"),
    required_key<&Config::webhooks, &WebhookOptions::secret>(
        "webhook", "secret", Kind::Secret, 16,
        "key of the HMAC-SHA256 of each body, sent as X-Dcvd-Signature: sha256=<hex>",
        "replace-with-a-long-random-secret"),
};

// Only a repeated table's elements lack defaults, so only its keys are required.
static_assert(std::all_of(all_keys.begin(), all_keys.end(), [](const Key& key) {
    const auto table = std::find_if(all_tables.begin(), all_tables.end(),
                                    [&key](const Table& t) { return t.name == key.table; });
    return table != all_tables.end() && key.is_required == table->is_repeated() &&
           key.is_required == !key.example.empty();
}));

constexpr std::array<Ordering, 3> all_orderings{{
    {"values", "default_ttl", "max_ttl"},
    {"values", "default_expires_in", "max_expires_in"},
    {"checker", "pending_interval", "pending_max_interval"},
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

const Table* find_table(std::string_view name) noexcept {
    const auto it = std::find_if(all_tables.begin(), all_tables.end(),
                                 [name](const Table& table) { return table.name == name; });
    return it == all_tables.end() ? nullptr : &*it;
}

const Key* find_key(std::string_view table, std::string_view name) noexcept {
    const auto it = std::find_if(all_keys.begin(), all_keys.end(), [&](const Key& key) {
        return key.table == table && key.name == name;
    });
    return it == all_keys.end() ? nullptr : &*it;
}

} // namespace dcvd::config::schema
