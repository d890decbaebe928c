// checker/chain.cpp: alias links followed inside one reply.
#include "chain.hpp"

#include <algorithm>

namespace dcvd::checker {

Chain follow_chain(const ldns_pkt& reply, const std::string& name, ldns_rr_type type,
                   bool require_authoritative) {
    Chain chain;
    chain.names.push_back(name);
    chain.end = observe_name(reply, name, type, require_authoritative);
    // The rcode and AA speak for the reply as a whole: only the first name's reading applies
    // them; links after it are read from the answer section alone.
    while (chain.end.answer == NameAnswer::Alias) {
        const std::string next = chain.end.target;
        if (std::find(chain.names.begin(), chain.names.end(), next) != chain.names.end() ||
            chain.names.size() > max_chain_length) {
            chain.looped = true;
            return chain;
        }
        chain.names.push_back(next);
        NameObservation further = observe_name(reply, next, type, false);
        if (further.answer != NameAnswer::Alias && further.answer != NameAnswer::Records) {
            // The reply says nothing more of `next`: the chain leaves it there.
            chain.end.answer = NameAnswer::Alias;
            return chain;
        }
        chain.end = std::move(further);
    }
    return chain;
}

} // namespace dcvd::checker
