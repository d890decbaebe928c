// dns/answer_zone.hpp: answers for names inside the zone, from the static zone and the store.
// Hot path: noexcept, no allocation, one store lookup at most.
#pragma once

#include "answer_response.hpp"
#include "dcvd/dns/answer.hpp"
#include "dcvd/wire/query.hpp"

namespace dcvd::dns {

/// Answers `question` (class IN, a name at or below the apex, an ordinary QTYPE or ANY):
/// positive answers, NODATA and NXDOMAIN with the SOA (RFC 2308), SERVFAIL when the store is
/// needed but its view could not be renewed.
void answer_in_zone(const wire::Question& question, const AnswerContext& ctx,
                    Response& response) noexcept;

} // namespace dcvd::dns
