// dns/answer.hpp: the socket-free answer logic: query bytes in, response bytes out.
// Hot path: noexcept, no allocation, no lock. Transports, tests and fuzzers call it alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dcvd/store/read_view.hpp"
#include "dcvd/zone/static_zone.hpp"

namespace dcvd::dns {

enum class Transport : std::uint8_t { Udp, Tcp };

/// What the worker holds for one batch: the zone snapshot, the renewed store view, the time.
struct AnswerContext {
    const zone::StaticZone* zone = nullptr;
    store::ReadView* view = nullptr; ///< renewed for this batch
    bool view_ok = false;            ///< renew() succeeded; when false, store lookups SERVFAIL
    std::uint64_t now = 0;           ///< Unix seconds: values with expires_at <= now are not served
    std::uint16_t edns_payload = 1232; ///< our advertised EDNS UDP payload size (RFC 6891 §6.2.5)
};

/// What happened, for per-worker counters.
struct AnswerInfo {
    std::uint16_t qtype = 0;
    std::uint8_t rcode = 0; ///< extended RCODE (BADVERS = 16) when EDNS made one
    bool dropped = false;   ///< nothing to send (QR=1, or too short to hold a header)
    bool truncated = false; ///< TC=1 was set
};

/// Smallest output buffer answer() accepts for each transport.
inline constexpr std::size_t max_udp_response = 4096;
inline constexpr std::size_t max_tcp_response = 65535;

/// Writes the response to `query` into `out` and returns its length, or 0 to drop. For UDP the
/// response is limited to the client's payload (512 without EDNS, RFC 1035 §4.2.1; the EDNS
/// value clamped to [512, ctx.edns_payload]) and truncated with TC=1 beyond; for TCP to 65535.
[[nodiscard]] std::size_t answer(std::span<const std::uint8_t> query, std::span<std::uint8_t> out,
                                 Transport transport, const AnswerContext& ctx,
                                 AnswerInfo& info) noexcept;

} // namespace dcvd::dns
