// support/response_check.hpp: the one check every response passes, in unit, integration and
// fuzz tests alike (STYLE.md §9). ldns is the oracle: our wire code never grades itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dcvd::test {

/// The most a TCP response may hold (RFC 7766 §8: the two-octet length prefix).
inline constexpr std::size_t tcp_limit = 65535;

/// The UDP size limit for `query`, read with ldns: the client's EDNS payload clamped to
/// [512, server_payload] when the query holds exactly one OPT, else 512 (RFC 1035 §4.2.1,
/// RFC 6891 §6.2.5).
[[nodiscard]] std::size_t udp_limit(std::span<const std::uint8_t> query,
                                    std::uint16_t server_payload);

/// Checks a response to `query` that must fit `size_limit` octets: ID and opcode echoed, QR set,
/// RA clear, AA set on NOERROR/NXDOMAIN, the question echoed octet for octet when the response
/// has one, at most `size_limit` octets, parses in ldns, no records but the OPT when TC is set,
/// an OPT (root owner, version 0, DO only if the query's was set) iff the query had exactly one
/// valid OPT (a FORMERR may lack it: the server may not have got that far), BADVERS for an EDNS
/// version above 0. Returns one line per failure; empty means the response is good.
[[nodiscard]] std::vector<std::string> check_response(std::span<const std::uint8_t> query,
                                                      std::span<const std::uint8_t> response,
                                                      std::size_t size_limit);

/// The failures one per line, for a test's message.
[[nodiscard]] std::string describe(const std::vector<std::string>& failures);

} // namespace dcvd::test

/// REQUIREs that check_response() finds nothing and prints what it found. A macro so that Catch2
/// reports the caller's line; it needs <catch2/catch.hpp> only where it is used.
#define DCVD_REQUIRE_VALID_RESPONSE(query, response, size_limit)                                   \
    do {                                                                                           \
        const auto dcvd_failures_ =                                                                \
            ::dcvd::test::check_response((query), (response), (size_limit));                       \
        INFO(::dcvd::test::describe(dcvd_failures_));                                              \
        REQUIRE(dcvd_failures_.empty());                                                           \
    } while (false)
