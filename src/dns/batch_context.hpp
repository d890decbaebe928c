// dns/batch_context.hpp: what one worker's answers need, refreshed once per batch of queries:
// the zone (taken only when ZoneSlot's generation moved), the renewed store view, the clock.
// Hot path: begin/answer/end allocate nothing and take no lock unless the zone was replaced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <spdlog/logger.h>

#include "dcvd/base/warn_limiter.hpp"
#include "dcvd/dns/answer.hpp"
#include "dcvd/dns/zone_slot.hpp"
#include "dcvd/store/read_view.hpp"
#include "worker_counters.hpp"

namespace dcvd::dns {

/// Owned by one worker thread, which must also be the thread that constructs it (LMDB ties a
/// read transaction to its thread). Usage: begin(), answer() per query, end().
class BatchContext {
public:
    /// Opens the worker's read view; throws std::runtime_error when LMDB cannot.
    BatchContext(store::Env& env, ZoneSlot& zones, std::uint16_t edns_payload,
                 WorkerCounters& counters);

    void begin() noexcept;
    /// Answers one query of the batch into `out` (at least max_udp_response or
    /// max_tcp_response octets) and counts it; returns the response length, 0 to drop.
    [[nodiscard]] std::size_t answer(std::span<const std::uint8_t> query,
                                     std::span<std::uint8_t> out, Transport transport) noexcept;
    /// Ends the batch: store lookups become invalid, the writer may reuse pages.
    void end() noexcept;

private:
    ZoneSlot& zones_;
    std::uint64_t generation_;
    std::shared_ptr<const zone::StaticZone> zone_;
    store::ReadView view_;
    AnswerContext context_;
    WorkerCounters& counters_;
    std::shared_ptr<spdlog::logger> log_;
    base::WarnLimiter renew_warnings_;
};

} // namespace dcvd::dns
