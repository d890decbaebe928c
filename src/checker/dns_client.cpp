// checker/dns_client.cpp: queries wait in order for one of max_in_flight places on the wire.
#include "dns_client.hpp"

#include <algorithm>

#include "dns_exchange.hpp"

namespace dcvd::checker {

DnsClient::DnsClient(uv::Loop& loop, DnsClientOptions options) : loop_(loop), options_(options) {
    options_.max_in_flight = std::max<std::size_t>(1, options_.max_in_flight);
    options_.attempts = std::max(1U, options_.attempts);
}

// The exchanges close their handles as they go; the loop deletes the handles' owners.
DnsClient::~DnsClient() = default;

void DnsClient::query(const uv::Endpoint& server, DnsQuestion question, Callback done) {
    waiting_.push_back(Waiting{server, std::move(question), std::move(done)});
    pump();
}

// A loop, not recursion: an exchange that fails at once (a name that is no name) ends inside
// start(), and its place goes to the next in line here.
void DnsClient::pump() {
    if (pumping_) {
        return;
    }
    pumping_ = true;
    while (!waiting_.empty() && exchanges_.size() < options_.max_in_flight) {
        Waiting next = std::move(waiting_.front());
        waiting_.pop_front();
        start(std::move(next));
    }
    pumping_ = false;
}

void DnsClient::start(Waiting job) {
    auto exchange = std::make_unique<Exchange>(
        loop_, options_, job.server, std::move(job.question),
        [this, done = std::move(job.done)](Exchange* ended, base::Result<DnsReply> result) {
            exchanges_.erase(ended); // closes its sockets and timer
            done(std::move(result));
            pump();
        });
    Exchange* raw = exchange.get();
    exchanges_.emplace(raw, std::move(exchange));
    raw->begin();
}

} // namespace dcvd::checker
