// dns/batch_context.cpp: per-batch zone, store view and clock; per-query answer and counting.
#include "batch_context.hpp"

#include "dcvd/base/clock.hpp"
#include "dcvd/base/log.hpp"

namespace dcvd::dns {

BatchContext::BatchContext(store::Env& env, ZoneSlot& zones, std::uint16_t edns_payload,
                           WorkerCounters& counters)
    // The generation is read before the zone: a publish in between is then seen next batch.
    : zones_(zones), generation_(zones.generation()), zone_(zones.current()), view_(env),
      counters_(counters), log_(base::logger("dns")) {
    context_.view = &view_;
    context_.edns_payload = edns_payload;
}

void BatchContext::begin() noexcept {
    if (const auto generation = zones_.generation(); generation != generation_) {
        generation_ = generation;
        zone_ = zones_.current();
    }
    context_.zone = zone_.get();
    context_.view_ok = view_.renew();
    context_.now = base::unix_now();
    std::uint64_t suppressed = 0;
    if (!context_.view_ok && renew_warnings_.allow(suppressed)) {
        log_->warn("dns store snapshot failed, answering SERVFAIL suppressed={}", suppressed);
    }
}

std::size_t BatchContext::answer(std::span<const std::uint8_t> query, std::span<std::uint8_t> out,
                                 Transport transport) noexcept {
    AnswerInfo info;
    const std::size_t length = dns::answer(query, out, transport, context_, info);
    if (length == 0) {
        counters_.count_dropped(transport);
        return 0;
    }
    (transport == Transport::Udp ? counters_.udp_queries : counters_.tcp_queries).add();
    if (info.truncated) {
        counters_.truncated.add();
    }
    if (info.rcode < counters_.by_rcode.size()) {
        counters_.by_rcode[info.rcode].add();
    }
    counters_.by_qtype[static_cast<std::size_t>(qtype_bucket(info.qtype))].add();
    return length;
}

void BatchContext::end() noexcept {
    view_.reset();
}

} // namespace dcvd::dns
