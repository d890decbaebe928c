// checker/dns_message.hpp: the checker's query messages and the test a reply must pass, with
// ldns (the hot path's own wire code is for answering, not asking).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dns_client.hpp"

namespace dcvd::checker {

/// The wire form of `question` with `id`, class IN, RD as asked, and an EDNS(0) OPT record
/// advertising `udp_payload` (RFC 6891 §6.2.3). Invalid when the name is not a domain name.
[[nodiscard]] base::Result<std::vector<std::uint8_t>>
build_query(const DnsQuestion& question, std::uint16_t id, std::uint16_t udp_payload);

enum class ReplyVerdict : std::uint8_t {
    Ours,    ///< a response with our ID and exactly our question
    NotOurs, ///< unparsable, a query, another ID or another question: dropped, keep waiting
};

struct CheckedReply {
    ReplyVerdict verdict = ReplyVerdict::NotOurs;
    Packet packet; ///< set when Ours
};

/// Parses `wire` and accepts it only as the response to our query (RFC 5452 §9.1: ID and
/// question; the name compared case-insensitively, RFC 4343). The source address and port are
/// the transport's to check (a connected socket).
[[nodiscard]] CheckedReply check_reply(std::span<const std::uint8_t> wire,
                                       const DnsQuestion& question, std::uint16_t id);

} // namespace dcvd::checker
