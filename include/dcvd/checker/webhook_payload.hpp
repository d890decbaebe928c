// checker/webhook_payload.hpp: the JSON body a webhook receives for one delegation state
// transition.
#pragma once

#include <string>
#include <string_view>

#include "dcvd/store/delegation_status.hpp"

namespace dcvd::checker {

/// {"host","from","to","reason","evidence","time","at"} in that order, compact (no spaces):
/// states and reason as the API writes them ("delegated", "host_moved"), reason null unless the
/// move is to stale, time the RFC 3339 UTC form of at (Unix seconds). Octets of host or evidence
/// that are not UTF-8 become U+FFFD, so the body is always valid JSON.
[[nodiscard]] std::string transition_payload(std::string_view host,
                                             const store::Transition& transition);

} // namespace dcvd::checker
