// checker/sweep.hpp: one name asked of every server that can answer for it. In authoritative
// mode those are the name's zone servers, asked directly (RD clear), so that servers still
// serving an old zone, or anycast nodes and providers that disagree, show; in resolver mode
// each configured resolver (RD set). Chains that leave a server's zone are followed through the
// first resolver. The probes judge what each server said and bring the judgements to one
// verdict, or to none (agreement.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chain.hpp"
#include "dns_client.hpp"

namespace dcvd::checker {

enum class CheckMode : std::uint8_t { Authoritative, Resolver };

struct ProbeOptions {
    CheckMode mode = CheckMode::Authoritative;
    std::vector<uv::Endpoint> resolvers; ///< recursive resolvers; the first follows chains
    std::uint16_t authority_port = 53;   ///< where the zone's servers are asked
};

/// What one server said: one chain per type asked, in the order asked. `failure` names the
/// first query that got no reply of ours (its chains are then incomplete).
struct ServerAnswer {
    std::string server; ///< "ns1.example.com. 192.0.2.53:53", or a resolver's address
    std::vector<Chain> chains;
    std::string failure;
};

/// Enough of a chain to judge: following it past here through the resolver would add nothing.
using FarEnough = std::function<bool(const Chain& chain)>;
/// Every server's answer, or why there was no server to ask (authorities not found).
using SweepCallback = std::function<void(base::Result<std::vector<ServerAnswer>>)>;

/// Asks `name` (canonical: absolute, lower-case) for each of `types`. `client` must outlive the
/// callback.
void sweep(DnsClient& client, const ProbeOptions& options, const std::string& name,
           std::vector<ldns_rr_type> types, FarEnough far_enough, SweepCallback done);

} // namespace dcvd::checker
