// wire/query.hpp: parsing of a received query: header, the question, and the OPT found by walking
// every section. Hot path: noexcept, no allocation, no exception.
#pragma once

#include <cstdint>
#include <span>

#include "dcvd/wire/edns.hpp"
#include "dcvd/wire/header.hpp"
#include "dcvd/wire/name.hpp"
#include "dcvd/wire/reader.hpp"

namespace dcvd::wire {

/// How far the message parsed. Every status but Ok means FORMERR for a QUERY.
enum class QueryStatus : std::uint8_t {
    Ok,
    Truncated,     ///< shorter than its header or counts say
    BadName,       ///< a label type, pointer or length violation in some name
    QuestionCount, ///< QDCOUNT is not 1 (RFC 9619: a query holds exactly one question)
    BadOpt,        ///< several OPTs, an OPT outside the additional section or not owned by the
                   ///< root, or malformed options (RFC 6891 §6.1.1)
};

struct Question {
    /// Case as sent. A question name at offset 12 is never compressed (a pointer there could only
    /// aim into the header, which the reader refuses), so this is its octets as sent.
    Name qname;
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
};

struct Query {
    Header header;
    /// QDCOUNT was 1 and the question parsed, even if something later in the message did not:
    /// the question may be echoed.
    bool has_question = false;
    Question question;
    /// present only when the whole message parsed and held exactly one valid OPT.
    Edns edns;
};

/// Parses `message` into `out`. Walks every section so that an OPT is found and checked even in
/// queries refused for other reasons; the answer and authority sections are skipped (by RDLENGTH,
/// names checked). Octets after the last record are ignored.
[[nodiscard]] QueryStatus parse_query(std::span<const std::uint8_t> message, Query& out) noexcept;

} // namespace dcvd::wire
