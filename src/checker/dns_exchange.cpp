// checker/dns_exchange.cpp: one query's attempts. Every callback that can end the exchange is the
// last thing its caller does: `finished_` may destroy this object.
#include "dns_exchange.hpp"

#include <fmt/format.h>

#include "dcvd/crypto/random.hpp"
#include "dns_message.hpp"

namespace dcvd::checker {

DnsClient::Exchange::Exchange(uv::Loop& loop, const DnsClientOptions& options, uv::Endpoint server,
                              DnsQuestion question, Finished finished)
    : loop_(loop), options_(options), server_(server), question_(std::move(question)),
      finished_(std::move(finished)) {}

void DnsClient::Exchange::begin() {
    auto timer = uv::Timer::create(loop_, [this] { on_timeout(); });
    if (!timer) {
        fail(timer.error().message);
        return;
    }
    timer_ = std::move(*timer);
    attempt_udp();
}

base::Result<std::vector<std::uint8_t>> DnsClient::Exchange::next_query() {
    auto random = crypto::random_bytes(2);
    if (!random) {
        return base::Unexpected{random.error()};
    }
    id_ = static_cast<std::uint16_t>(((*random)[0] << 8U) | (*random)[1]);
    return build_query(question_, id_, options_.udp_payload);
}

OnMessage DnsClient::Exchange::message_handler() {
    return [this](std::span<const std::uint8_t> message, bool truncated) {
        on_message(message, truncated);
    };
}

OnFailure DnsClient::Exchange::failure_handler(const char* transport) {
    return [this, transport](int status) {
        fail(fmt::format("{}: {}", transport, uv_strerror(status)));
    };
}

void DnsClient::Exchange::attempt_udp() {
    ++attempts_;
    auto query = next_query();
    if (!query) {
        fail(query.error().message, query.error().code);
        return;
    }
    // A new socket per attempt: a new source port, and a late reply to an earlier attempt
    // cannot be taken for this one.
    auto port = UdpPort::open(loop_, server_, message_handler(), failure_handler("UDP"));
    if (!port) {
        fail(port.error().message);
        return;
    }
    udp_ = std::move(*port);
    timer_->start(options_.timeout);
    udp_->send(std::move(*query));
}

void DnsClient::Exchange::switch_to_tcp() {
    udp_.reset();
    auto query = next_query();
    if (!query) {
        fail(query.error().message, query.error().code);
        return;
    }
    auto link =
        TcpLink::open(loop_, server_, std::move(*query), message_handler(), failure_handler("TCP"));
    if (!link) {
        fail(link.error().message);
        return;
    }
    tcp_ = std::move(*link);
    timer_->start(options_.timeout);
}

void DnsClient::Exchange::on_message(std::span<const std::uint8_t> message, bool truncated) {
    if (!tcp_ && truncated) {
        // Cut short by our buffer (a server that ignored the EDNS payload size): cannot be
        // parsed, so TCP asks again. Only the connected server's datagrams get here.
        switch_to_tcp();
        return;
    }
    auto checked = check_reply(message, question_, id_);
    if (checked.verdict != ReplyVerdict::Ours) {
        return; // RFC 5452 §9.1: not the answer to our question; the attempt keeps waiting
    }
    if (!tcp_ && ldns_pkt_tc(checked.packet.get())) {
        switch_to_tcp();
        return;
    }
    finish(DnsReply{std::move(checked.packet), tcp_ != nullptr, attempts_});
}

void DnsClient::Exchange::on_timeout() {
    if (!tcp_ && attempts_ < options_.attempts) {
        attempt_udp();
        return;
    }
    fail(fmt::format("timed out after {} UDP attempt{}{} of {} ms each", attempts_,
                     attempts_ == 1 ? "" : "s", tcp_ ? " and one over TCP" : "",
                     options_.timeout.count()));
}

void DnsClient::Exchange::fail(std::string why, base::ErrorCode code) {
    finish(base::unexpected(code, fmt::format("{} {} from {}: {}", question_.name,
                                              zone::ldns_type_text(question_.type),
                                              server_.to_string(), why)));
}

void DnsClient::Exchange::finish(base::Result<DnsReply> result) {
    // Moved out first: the callback destroys this exchange, and with it `finished_`.
    const Finished finished = std::move(finished_);
    finished(this, std::move(result));
}

} // namespace dcvd::checker
