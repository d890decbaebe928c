// dns/server.hpp: the DNS workers: N threads, each a libuv loop with its own SO_REUSEPORT UDP
// and TCP sockets on every listen address.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/dns/zone_slot.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/wire/types.hpp"

namespace dcvd::dns {

struct ServerOptions {
    /// "ip:port" or "[ip6]:port"; port 0 picks one free port shared by all workers.
    std::vector<std::string> listen{"127.0.0.1:5353", "[::1]:5353"};
    unsigned workers = 0;                              ///< 0: one per core
    std::size_t udp_buffer_bytes = 4U << 20;           ///< SO_RCVBUF/SO_SNDBUF of UDP sockets
    std::uint16_t edns_payload = 1232;                 ///< advertised and used as our UDP limit
    std::chrono::milliseconds tcp_idle_timeout{10000}; ///< RFC 7766 §6.2.3
    std::size_t tcp_max_connections = 256;             ///< per worker; more are closed at accept
};

/// An address the server is bound to: transport ("udp"/"tcp") and "ip:port"/"[ip6]:port".
struct BoundAddress {
    std::string transport;
    std::string address;
};

/// The query types counted apart: a bounded label set for metrics; any other type is Other.
enum class QtypeBucket : std::uint8_t { A, AAAA, TXT, SOA, NS, CNAME, ANY, AXFR, IXFR, Other };
inline constexpr std::size_t qtype_bucket_count = 10;

/// The bucket of a query's qtype. Hot path: a switch.
[[nodiscard]] constexpr QtypeBucket qtype_bucket(std::uint16_t qtype) noexcept {
    using wire::RrType;
    switch (static_cast<RrType>(qtype)) {
    case RrType::A:
        return QtypeBucket::A;
    case RrType::AAAA:
        return QtypeBucket::AAAA;
    case RrType::TXT:
        return QtypeBucket::TXT;
    case RrType::SOA:
        return QtypeBucket::SOA;
    case RrType::NS:
        return QtypeBucket::NS;
    case RrType::CNAME:
        return QtypeBucket::CNAME;
    case RrType::ANY:
        return QtypeBucket::ANY;
    case RrType::AXFR:
        return QtypeBucket::AXFR;
    case RrType::IXFR:
        return QtypeBucket::IXFR;
    default:
        return QtypeBucket::Other;
    }
}
/// "A", "AAAA", ..., "other".
[[nodiscard]] std::string_view to_text(QtypeBucket bucket) noexcept;

/// Per-worker counters summed over workers (read with relaxed loads; exact when stopped).
struct ServerStats {
    std::uint64_t udp_queries = 0;
    std::uint64_t tcp_queries = 0;
    std::uint64_t dropped = 0; ///< queries not answered: see AnswerInfo::dropped, datagrams over
                               ///< 4096 octets, responses the UDP socket had no room for
    std::uint64_t truncated = 0;
    std::array<std::uint64_t, 32> by_rcode{};
    /// Answered queries (those counted in by_rcode) by qtype_bucket() of their question.
    std::array<std::uint64_t, qtype_bucket_count> by_qtype{};
    std::uint64_t tcp_rejected = 0; ///< connections closed at accept: over tcp_max_connections
};

class Server {
public:
    /// `env` and `zones` must outlive the server.
    Server(ServerOptions options, store::Env& env, ZoneSlot& zones);
    ~Server(); ///< stop()s if running
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds every socket (errors name the address and errno text), then starts the workers.
    [[nodiscard]] base::Result<void> start();
    [[nodiscard]] const std::vector<BoundAddress>& bound() const noexcept;
    /// Stops reading, lets each worker finish its batch and close its connections, joins.
    void stop();
    [[nodiscard]] ServerStats stats() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dcvd::dns
