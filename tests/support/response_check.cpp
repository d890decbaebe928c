// support/response_check.cpp: the response check. ldns reads every name (and the whole response);
// fixed-size fields are read by offset, so a query ldns cannot fully parse is still understood.
#include "support/response_check.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <ldns/ldns.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::test {
namespace {

using LdnsPkt = base::CHandle<ldns_pkt, ldns_pkt_free>;
using LdnsRdf = base::CHandle<ldns_rdf, ldns_rdf_deep_free>;

constexpr std::size_t header_octets = 12;
constexpr std::uint16_t type_opt = 41;
constexpr unsigned rcode_formerr = 1;
constexpr unsigned rcode_nxdomain = 3;
constexpr unsigned rcode_badvers = 16;
constexpr std::uint32_t do_bit = 0x8000;

std::uint16_t read16(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

std::uint32_t read32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return (std::uint32_t{read16(bytes, at)} << 16) | read16(bytes, at + 2);
}

/// Reads the name at `pos` with ldns (which follows pointers) and moves past it.
bool read_name(std::span<const std::uint8_t> message, std::size_t& pos, bool& is_root) {
    ldns_rdf* raw = nullptr;
    if (ldns_wire2dname(&raw, message.data(), message.size(), &pos) != LDNS_STATUS_OK) {
        return false;
    }
    const LdnsRdf name(raw);
    is_root = ldns_rdf_size(name.get()) == 1;
    return true;
}

/// RFC 6891 §6.1.2: the options fill the RDATA exactly.
bool options_framed(std::span<const std::uint8_t> rdata) {
    std::size_t at = 0;
    while (at < rdata.size()) {
        if (rdata.size() - at < 4) {
            return false;
        }
        const std::size_t length = read16(rdata, at + 2);
        at += 4;
        if (length > rdata.size() - at) {
            return false;
        }
        at += length;
    }
    return true;
}

/// What walking a message's sections found.
struct Walk {
    bool complete = false;        ///< every counted record lies within the message
    std::size_t question_end = 0; ///< offset after the first question; 0 when there is none
    std::size_t opt_count = 0;
    bool opt_outside_additional = false;
    bool opt_well_formed = true; ///< every OPT: root owner, options framed by their lengths
    std::uint16_t opt_class = 0;
    std::uint32_t opt_ttl = 0;

    [[nodiscard]] bool has_valid_opt() const {
        return complete && opt_count == 1 && !opt_outside_additional && opt_well_formed;
    }
};

Walk walk(std::span<const std::uint8_t> message) {
    Walk w;
    if (message.size() < header_octets) {
        return w;
    }
    std::size_t pos = header_octets;
    bool is_root = false;
    for (unsigned i = 0; i < read16(message, 4); ++i) {
        if (!read_name(message, pos, is_root) || message.size() - pos < 4) {
            return w;
        }
        pos += 4;
        if (i == 0) {
            w.question_end = pos;
        }
    }
    const unsigned outside_additional = unsigned{read16(message, 6)} + read16(message, 8);
    const unsigned records = outside_additional + read16(message, 10);
    for (unsigned i = 0; i < records; ++i) {
        if (!read_name(message, pos, is_root) || message.size() - pos < 10) {
            return w;
        }
        const auto type = read16(message, pos);
        const auto rr_class = read16(message, pos + 2);
        const auto ttl = read32(message, pos + 4);
        const std::size_t rdlength = read16(message, pos + 8);
        pos += 10;
        if (message.size() - pos < rdlength) {
            return w;
        }
        if (type == type_opt) {
            ++w.opt_count;
            w.opt_outside_additional = w.opt_outside_additional || i < outside_additional;
            w.opt_well_formed =
                w.opt_well_formed && is_root && options_framed(message.subspan(pos, rdlength));
            w.opt_class = rr_class;
            w.opt_ttl = ttl;
        }
        pos += rdlength;
    }
    w.complete = true;
    return w;
}

void check_header(std::span<const std::uint8_t> query, std::span<const std::uint8_t> response,
                  std::vector<std::string>& failures) {
    if (query.size() < 2 || !std::equal(query.begin(), query.begin() + 2, response.begin())) {
        failures.emplace_back("the ID is not echoed");
    }
    if ((response[2] & 0x80) == 0) {
        failures.emplace_back("QR is clear");
    }
    if (query.size() >= 3 && (query[2] & 0x78) != (response[2] & 0x78)) {
        failures.push_back(fmt::format("opcode {} is not the query's {}", (response[2] >> 3) & 0xF,
                                       (query[2] >> 3) & 0xF));
    }
    if ((response[3] & 0x80) != 0) {
        failures.emplace_back("RA is set by an authoritative-only server");
    }
}

void check_question(std::span<const std::uint8_t> query, std::span<const std::uint8_t> response,
                    const Walk& answered, std::vector<std::string>& failures) {
    const auto qdcount = read16(response, 4);
    if (qdcount > 1) {
        failures.push_back(fmt::format("QDCOUNT is {}", qdcount));
    }
    if (qdcount != 1 || answered.question_end == 0) {
        return;
    }
    const auto end = static_cast<std::ptrdiff_t>(answered.question_end);
    if (query.size() < answered.question_end ||
        !std::equal(query.begin() + header_octets, query.begin() + end,
                    response.begin() + header_octets)) {
        failures.emplace_back("the question is not echoed octet for octet");
    }
}

void check_edns(const Walk& asked, const Walk& answered, unsigned rcode,
                std::vector<std::string>& failures) {
    const bool query_opt = asked.has_valid_opt();
    const bool response_opt = answered.opt_count > 0;
    if (response_opt && !query_opt) {
        failures.emplace_back("an OPT answers a query without a valid one (RFC 6891 §7)");
    }
    if (!response_opt && query_opt && rcode != rcode_formerr) {
        failures.emplace_back("no OPT though the query had a valid one (RFC 6891 §7)");
    }
    if (response_opt) {
        if (!answered.has_valid_opt()) {
            failures.emplace_back("the response's OPT is malformed, misplaced or repeated");
        }
        if (((answered.opt_ttl >> 16) & 0xFF) != 0) {
            failures.emplace_back("the response's EDNS version is not 0");
        }
        if ((answered.opt_ttl & do_bit) != 0 && (asked.opt_ttl & do_bit) == 0) {
            failures.emplace_back("DO is set though the query's was clear (RFC 3225 §3)");
        }
    }
    if (query_opt && ((asked.opt_ttl >> 16) & 0xFF) > 0 && rcode != rcode_badvers &&
        rcode != rcode_formerr) {
        failures.push_back(
            fmt::format("RCODE {} answers EDNS version {} (RFC 6891 §6.1.3: BADVERS)", rcode,
                        (asked.opt_ttl >> 16) & 0xFF));
    }
}

} // namespace

std::size_t udp_limit(std::span<const std::uint8_t> query, std::uint16_t server_payload) {
    const Walk asked = walk(query);
    if (!asked.has_valid_opt()) {
        return 512;
    }
    return std::clamp<std::size_t>(asked.opt_class, 512,
                                   std::max<std::size_t>(512, server_payload));
}

std::vector<std::string> check_response(std::span<const std::uint8_t> query,
                                        std::span<const std::uint8_t> response,
                                        std::size_t size_limit) {
    std::vector<std::string> failures;
    if (response.size() < header_octets) {
        failures.push_back(fmt::format("{} octets cannot hold a header", response.size()));
        return failures;
    }
    if (response.size() > size_limit) {
        failures.push_back(
            fmt::format("{} octets exceed the limit of {}", response.size(), size_limit));
    }
    check_header(query, response, failures);

    ldns_pkt* raw = nullptr;
    const ldns_status status = ldns_wire2pkt(&raw, response.data(), response.size());
    const LdnsPkt parsed(raw);
    if (status != LDNS_STATUS_OK) {
        failures.push_back(
            fmt::format("ldns cannot parse the response: {}", ldns_get_errorstr_by_id(status)));
    }

    const Walk asked = walk(query);
    const Walk answered = walk(response);
    check_question(query, response, answered, failures);

    const bool truncated = (response[2] & 0x02) != 0;
    if (truncated && (read16(response, 6) != 0 || read16(response, 8) != 0 ||
                      read16(response, 10) != answered.opt_count)) {
        failures.emplace_back("a TC response carries records besides the OPT");
    }

    const unsigned rcode =
        (response[3] & 0xFU) | (answered.opt_count > 0 ? ((answered.opt_ttl >> 24) << 4) : 0U);
    if ((rcode == 0 || rcode == rcode_nxdomain) && (response[2] & 0x04) == 0) {
        failures.push_back(fmt::format("AA is clear on an authoritative RCODE {}", rcode));
    }
    check_edns(asked, answered, rcode, failures);
    return failures;
}

std::string describe(const std::vector<std::string>& failures) {
    std::string text;
    for (const auto& failure : failures) {
        text += failure;
        text += '\n';
    }
    return text;
}

} // namespace dcvd::test
