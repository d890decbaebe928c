// checker/chain.hpp: an alias chain read from one reply. A resolver's reply to a name that is a
// CNAME carries the chain it followed (RFC 1034 §4.3.2 step 3a); an authority's carries the
// links inside its own zones. Where the reply ends, the chain may go on elsewhere.
#pragma once

#include <string>
#include <vector>

#include "observation.hpp"

namespace dcvd::checker {

/// How many aliases a chain may have before it counts as a loop (RFC 1034 §3.6.2 wants chains
/// short; resolvers give up near here too).
inline constexpr std::size_t max_chain_length = 12;

struct Chain {
    std::vector<std::string> names; ///< the asked name, then each alias target, lower-case
    NameObservation end;            ///< what the reply says of the last name
    bool looped = false;            ///< a name came round again, or the chain grew too long
};

/// Follows aliases from `name` while the reply has the next link; `end` is the last name's
/// reading (Alias when the chain leaves the reply, to be asked for elsewhere).
[[nodiscard]] Chain follow_chain(const ldns_pkt& reply, const std::string& name, ldns_rr_type type,
                                 bool require_authoritative);

} // namespace dcvd::checker
