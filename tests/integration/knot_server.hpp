// integration/knot_server.hpp: a real Knot DNS (knotd) on a loopback address, serving one zone
// from text, for the checker's tests: the customers' authoritative servers are real software.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "child_process.hpp"

namespace dcvd::integration {

class KnotServer {
public:
    /// Starts knotd on `address`:`port` with `zone` (its apex, absolute) from `zone_text`, and
    /// waits until it answers the zone's SOA. Throws std::runtime_error, with knotd's log, when
    /// it does not within 10 s.
    KnotServer(const std::string& address, std::uint16_t port, const std::string& zone,
               const std::string& zone_text);
    ~KnotServer();
    KnotServer(const KnotServer&) = delete;

    /// Rewrites the zone file and has knotd load it (knotc zone-reload, waiting until done);
    /// `zone_text` must carry a higher SOA serial. REQUIREs that knotc succeeds.
    void replace_zone(const std::string& zone_text);
    KnotServer& operator=(const KnotServer&) = delete;

private:
    std::filesystem::path dir_;
    std::string zone_;
    std::unique_ptr<ChildProcess> knotd_;
};

/// A port free for UDP on every 127.0.0.x the tests use (checked by binding 127.0.0.1, .11, .12).
[[nodiscard]] std::uint16_t free_loopback_port();

} // namespace dcvd::integration
