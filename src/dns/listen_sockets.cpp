// dns/listen_sockets.cpp: SO_REUSEPORT sockets for every worker, one port per listen address
// for UDP and TCP alike.
#include "listen_sockets.hpp"

#include <fmt/format.h>

#include "dcvd/base/log.hpp"

namespace dcvd::dns {
namespace {

/// With port 0 the port picked for the first UDP socket may be taken for TCP (or by another
/// process between our binds): start over with a new port that many times.
constexpr int port_pick_attempts = 16;

void report_buffer_sizes(const uv::BufferSizes& got, std::size_t asked, const std::string& address,
                         bool is_first_worker) {
    const auto log = base::logger("dns");
    log->debug("dns udp socket buffers address={} asked={} receive={} send={}", address, asked,
               got.receive, got.send);
    // The kernel reports twice the payload room it grants (bookkeeping included).
    if (is_first_worker && (got.receive / 2 < asked || got.send / 2 < asked)) {
        log->warn("dns udp socket buffers smaller than asked address={} asked={} receive={} "
                  "send={} hint=\"raise net.core.rmem_max and wmem_max, or grant CAP_NET_ADMIN\"",
                  address, asked, got.receive / 2, got.send / 2);
    }
}

/// Binds `endpoint` for every worker; its port 0 becomes the port the first bind got.
base::Result<std::vector<ListenSockets>> bind_endpoint(uv::Endpoint endpoint, unsigned workers,
                                                       std::size_t udp_buffer_bytes) {
    std::vector<ListenSockets> sockets;
    sockets.reserve(workers);
    for (unsigned worker = 0; worker < workers; ++worker) {
        auto udp = uv::bind_socket(endpoint, uv::SocketType::Udp, uv::PortSharing::Shared);
        if (!udp) {
            return base::unexpected(std::move(udp).error());
        }
        if (endpoint.port() == 0) {
            auto local = uv::local_endpoint(*udp);
            if (!local) {
                return base::unexpected(std::move(local).error());
            }
            endpoint.set_port(local->port());
        }
        ListenSockets listen{endpoint.to_string(), endpoint.is_unspecified(), std::move(*udp), {}};
        report_buffer_sizes(uv::set_buffer_sizes(listen.udp, udp_buffer_bytes), udp_buffer_bytes,
                            listen.address, worker == 0);
        if (listen.is_wildcard) {
            if (auto enabled = uv::enable_packet_info(listen.udp, endpoint.family()); !enabled) {
                return base::unexpected(
                    base::ErrorCode::Unavailable,
                    fmt::format("udp {}: {}", listen.address, enabled.error().message));
            }
        }
        auto tcp = uv::bind_socket(endpoint, uv::SocketType::Tcp, uv::PortSharing::Shared);
        if (!tcp) {
            return base::unexpected(std::move(tcp).error());
        }
        listen.tcp = std::move(*tcp);
        sockets.push_back(std::move(listen));
    }
    return sockets;
}

} // namespace

base::Result<BoundSockets> bind_listen_sockets(const ServerOptions& options, unsigned workers) {
    BoundSockets result;
    result.per_worker.resize(workers);
    for (const auto& text : options.listen) {
        auto endpoint = uv::Endpoint::parse(text);
        if (!endpoint) {
            return base::unexpected(std::move(endpoint).error());
        }
        const int attempts = endpoint->port() == 0 ? port_pick_attempts : 1;
        auto sockets = bind_endpoint(*endpoint, workers, options.udp_buffer_bytes);
        for (int attempt = 1;
             attempt < attempts && !sockets && sockets.error().code == base::ErrorCode::Conflict;
             ++attempt) {
            sockets = bind_endpoint(*endpoint, workers, options.udp_buffer_bytes);
        }
        if (!sockets) {
            return base::unexpected(std::move(sockets).error());
        }
        const std::string bound_address = sockets->front().address;
        result.bound.push_back(BoundAddress{"udp", bound_address});
        result.bound.push_back(BoundAddress{"tcp", bound_address});
        for (unsigned worker = 0; worker < workers; ++worker) {
            result.per_worker[worker].push_back(std::move((*sockets)[worker]));
        }
    }
    return result;
}

} // namespace dcvd::dns
