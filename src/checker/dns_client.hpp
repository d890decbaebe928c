// checker/dns_client.hpp: the delegation checker's asynchronous DNS client on a libuv loop. ldns
// builds the queries and parses the replies; the client does the transport: UDP from a fresh
// socket (a kernel-chosen random source port) and a random ID per attempt, retries on timeout,
// TCP when the reply is truncated (RFC 7766 §5), and only a reply that matches the query's ID
// and question is taken (RFC 5452 §9.1).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dcvd/uv/loop.hpp"
#include "dcvd/zone/ldns_support.hpp"

namespace dcvd::checker {

/// A parsed DNS message, owned.
using Packet = zone::LdnsPacket;

struct DnsQuestion {
    std::string name;                   ///< absolute, presentation form ("www.example.com.")
    ldns_rr_type type = LDNS_RR_TYPE_A; ///< class is always IN
    bool recursion_desired = false;     ///< RD: true towards a resolver, false towards authorities
};

struct DnsReply {
    Packet packet;
    bool over_tcp = false; ///< the UDP reply was truncated and TCP gave this one
    unsigned attempts = 0; ///< UDP attempts made (each with its own port and ID)
};

struct DnsClientOptions {
    std::chrono::milliseconds timeout{2000}; ///< per attempt, UDP or TCP
    unsigned attempts = 3;                   ///< UDP attempts before the query fails
    std::size_t max_in_flight = 256;         ///< queries on the wire at once; more wait in order
    std::uint16_t udp_payload = 1232;        ///< EDNS(0) payload size advertised (RFC 6891)
};

/// Loop thread only. Every query's callback runs exactly once, on the loop thread, unless the
/// client is destroyed first (then never).
class DnsClient {
public:
    /// Unavailable errors say "timed out" or name the network failure; a reply that is not ours
    /// (other ID, other question, not a response) is dropped and the attempt keeps waiting.
    using Callback = std::function<void(base::Result<DnsReply>)>;

    DnsClient(uv::Loop& loop, DnsClientOptions options);
    ~DnsClient();
    DnsClient(const DnsClient&) = delete;
    DnsClient& operator=(const DnsClient&) = delete;
    DnsClient(DnsClient&&) = delete;
    DnsClient& operator=(DnsClient&&) = delete;

    /// Asks `server` (an IPv4 or IPv6 address with its port).
    void query(const uv::Endpoint& server, DnsQuestion question, Callback done);

    [[nodiscard]] std::size_t in_flight() const noexcept { return exchanges_.size(); }
    [[nodiscard]] std::size_t waiting() const noexcept { return waiting_.size(); }

    class Exchange; // one query on the wire (dns_exchange.hpp)

private:
    struct Waiting {
        uv::Endpoint server;
        DnsQuestion question;
        Callback done;
    };
    void pump();
    void start(Waiting job);

    uv::Loop& loop_;
    DnsClientOptions options_;
    std::deque<Waiting> waiting_;
    std::unordered_map<Exchange*, std::unique_ptr<Exchange>> exchanges_;
    bool pumping_ = false;
};

} // namespace dcvd::checker
