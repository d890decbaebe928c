// checker/authorities.hpp: the servers that are authoritative for a name, found through a
// recursive resolver: the zone cut above the name (the closest enclosing name with an NS
// RRset, RFC 1034 §4.2.1), that zone's NS names, and their IPv4 and IPv6 addresses. The checker
// then asks every one of them directly, so that propagation and inconsistencies between them
// show.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dns_client.hpp"

namespace dcvd::checker {

struct Authority {
    std::string name;                    ///< the NS name, lower-case
    std::vector<uv::Endpoint> addresses; ///< at `port`; empty when it has no address record
};

struct Authorities {
    std::string zone;               ///< the zone's apex, lower-case
    std::vector<Authority> servers; ///< in the NS RRset's order
};

using AuthoritiesCallback = std::function<void(base::Result<Authorities>)>;

/// Finds the authorities of `name` by asking `resolver` (RD set): NS at `name`, then at each
/// parent until one has an NS RRset of its own, then A and AAAA of each NS name. Unavailable
/// when the resolver fails (SERVFAIL, timeouts: no evidence) or no server has an address.
/// `port` is where the authorities are asked (53; tests and unusual setups differ). `client`
/// must outlive the callback.
void find_authorities(DnsClient& client, const uv::Endpoint& resolver, const std::string& name,
                      std::uint16_t port, AuthoritiesCallback done);

} // namespace dcvd::checker
