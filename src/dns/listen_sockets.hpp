// dns/listen_sockets.hpp: binds the sockets of every listen address for every worker, all on one
// port per address (port 0: the first bind picks it), before any worker starts.
#pragma once

#include <string>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/dns/server.hpp"
#include "dcvd/uv/socket.hpp"

namespace dcvd::dns {

/// One worker's sockets on one listen address.
struct ListenSockets {
    std::string address;      ///< "ip:port" / "[ip6]:port" with the bound port
    bool is_wildcard = false; ///< 0.0.0.0 or ::: UDP replies must name their source address
    uv::Socket udp;           ///< buffers sized, packet info enabled when wildcard
    uv::Socket tcp;           ///< bound, not yet listening
};

struct BoundSockets {
    std::vector<std::vector<ListenSockets>> per_worker; ///< [worker][listen address]
    std::vector<BoundAddress> bound;                    ///< udp and tcp per listen address
};

/// Errors name the address and the reason; nothing stays bound on failure.
[[nodiscard]] base::Result<BoundSockets> bind_listen_sockets(const ServerOptions& options,
                                                             unsigned workers);

} // namespace dcvd::dns
