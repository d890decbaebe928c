// dns/answer_response.hpp: one response under construction: the header policy (ID, opcode, RD and
// CD copied, QR set, RA clear), the echoed question, the OPT and truncation. Hot path: noexcept,
// no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dcvd/dns/answer.hpp"
#include "dcvd/wire/query.hpp"
#include "dcvd/wire/types.hpp"
#include "dcvd/wire/writer.hpp"

namespace dcvd::dns {

/// The most octets the response to `query` may take: over UDP the client's EDNS payload clamped
/// to [512, ours], 512 without EDNS (RFC 1035 §4.2.1, RFC 6891 §6.2.5); over TCP 65535 (RFC 7766
/// §8); never more than `buffer`.
[[nodiscard]] std::size_t response_limit(const wire::Query& query, Transport transport,
                                         std::uint16_t our_payload, std::size_t buffer) noexcept;

class Response {
public:
    /// Starts the response to `query` in `out` (already cut to the limit, at least 512 octets):
    /// echoes the question when it parsed and keeps room for the OPT when the query had one.
    Response(std::span<std::uint8_t> out, const wire::Query& query,
             std::uint16_t our_payload) noexcept;

    void set_rcode(wire::Rcode rcode) noexcept { rcode_ = rcode; }
    /// AA (RFC 1035 §4.1.1): set on answers from our zone's data, never on errors.
    void set_authoritative(bool authoritative) noexcept { authoritative_ = authoritative; }
    /// Where answer, authority and additional records go.
    [[nodiscard]] wire::ResponseWriter& records() noexcept { return writer_; }
    /// The answer did not fit: drop every record and set TC (RFC 2181 §9: never a partial
    /// RRset; the client retries over TCP). The question and the OPT stay.
    void truncate() noexcept;

    /// Writes the flags and the OPT, reports to `info`, returns the response's length.
    [[nodiscard]] std::size_t finish(AnswerInfo& info) noexcept;

private:
    wire::ResponseWriter writer_;
    wire::ResponseWriter::Mark after_question_;
    std::uint16_t query_flags_;
    std::uint16_t our_payload_;
    bool has_opt_;
    bool authoritative_ = false;
    bool truncated_ = false;
    wire::Rcode rcode_ = wire::Rcode::NoError;
};

} // namespace dcvd::dns
