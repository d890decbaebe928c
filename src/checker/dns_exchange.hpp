// checker/dns_exchange.hpp: one query on the wire. UDP attempts, each from a new socket with a
// new random ID, until a reply of ours or the last attempt's timeout; a truncated reply moves
// the query to TCP (RFC 7766 §5) with one more timeout.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/uv/timer.hpp"
#include "dns_client.hpp"
#include "dns_transport.hpp"

namespace dcvd::checker {

class DnsClient::Exchange {
public:
    using Finished = std::function<void(Exchange*, base::Result<DnsReply>)>;

    Exchange(uv::Loop& loop, const DnsClientOptions& options, uv::Endpoint server,
             DnsQuestion question, Finished finished);
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;
    Exchange(Exchange&&) = delete;
    Exchange& operator=(Exchange&&) = delete;
    ~Exchange() = default;

    /// Sends the first attempt. `finished` runs once, possibly from here; it may destroy this.
    void begin();

private:
    [[nodiscard]] OnMessage message_handler();
    /// `transport` ("UDP", "TCP") names the failure; a string literal.
    [[nodiscard]] OnFailure failure_handler(const char* transport);
    void attempt_udp();
    void switch_to_tcp();
    void on_message(std::span<const std::uint8_t> message, bool truncated);
    void on_timeout();
    /// Ends the exchange with an error naming the question and the server.
    void fail(std::string why, base::ErrorCode code = base::ErrorCode::Unavailable);
    void finish(base::Result<DnsReply> result);
    [[nodiscard]] base::Result<std::vector<std::uint8_t>> next_query();

    uv::Loop& loop_;
    const DnsClientOptions& options_;
    uv::Endpoint server_;
    DnsQuestion question_;
    Finished finished_;
    std::uint16_t id_ = 0;
    unsigned attempts_ = 0;
    uv::Owned<UdpPort> udp_;
    uv::Owned<TcpLink> tcp_;
    uv::Owned<uv::Timer> timer_;
};

} // namespace dcvd::checker
