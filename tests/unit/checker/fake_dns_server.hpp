// tests/unit/checker/fake_dns_server.hpp: a scripted DNS server on loopback, UDP and TCP on one
// port, in a thread of its own, for the checker's DNS client. Each query it receives is recorded
// and handed to the script, which says what to send back (any number of messages, or none).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dcvd/zone/ldns_support.hpp"

namespace dcvd::checker::test {

struct ReceivedQuery {
    std::vector<std::uint8_t> wire;
    bool over_tcp = false;
    std::uint16_t source_port = 0;
    std::uint16_t id = 0;
};

/// What to send for a query: each entry one whole message (UDP datagram or TCP frame).
using Replies = std::vector<std::vector<std::uint8_t>>;
using Script = std::function<Replies(const ReceivedQuery& query, std::size_t index)>;

class FakeDnsServer {
public:
    /// On `address` (IPv4, loopback), at `port`, or at a port free for UDP and TCP when 0.
    explicit FakeDnsServer(Script script, const char* address = "127.0.0.1",
                           std::uint16_t port = 0);
    ~FakeDnsServer();
    FakeDnsServer(const FakeDnsServer&) = delete;
    FakeDnsServer& operator=(const FakeDnsServer&) = delete;
    FakeDnsServer(FakeDnsServer&&) = delete;
    FakeDnsServer& operator=(FakeDnsServer&&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    [[nodiscard]] std::vector<ReceivedQuery> received() const;

private:
    void serve();
    void answer_tcp(int connection);

    Script script_;
    int udp_ = -1;
    int tcp_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::vector<ReceivedQuery> received_;
    std::thread thread_;
};

/// The response to `query`: its ID and question, QR and AA set, `answers` (zone-file lines) in
/// the answer section, `rcode`; `id_delta` and `qname` (when not empty) forge another ID or
/// question.
std::vector<std::uint8_t> response_to(const ReceivedQuery& query,
                                      const std::vector<std::string>& answers,
                                      bool truncated = false, std::uint16_t id_delta = 0,
                                      const std::string& qname = {},
                                      ldns_pkt_rcode rcode = LDNS_RCODE_NOERROR);

} // namespace dcvd::checker::test
