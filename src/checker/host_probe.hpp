// checker/host_probe.hpp: one check of where a customer's host points, at every server that
// answers for it (sweep.hpp): its A and AAAA chains, compared with the provider's edge. A host
// points at the edge when either chain passes an edge name or any of its addresses is in an
// edge range (a host moving to or from us may have both kinds for a while: it still reaches us).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agreement.hpp"
#include "edge.hpp"
#include "sweep.hpp"

namespace dcvd::checker {

enum class HostVerdict : std::uint8_t {
    AtEdge,    ///< an edge name in its chain, or an address in an edge range
    Elsewhere, ///< it resolves, to names and addresses none of which are ours
    Absent,    ///< neither A nor AAAA, nor an alias: the host does not resolve
    Unknown,   ///< no evidence: failures, lame servers, loops, or servers that disagree
};

[[nodiscard]] std::string_view to_string(HostVerdict verdict) noexcept;

struct HostEvidence {
    HostVerdict verdict = HostVerdict::Unknown;
    std::string points_to; ///< Elsewhere: its addresses ("203.0.113.7, 2001:db8::7") or last name
    std::string detail;    ///< why Unknown
    std::vector<Reading<HostVerdict>> readings;
};

using HostCallback = std::function<void(HostEvidence)>;

/// Checks `host` against `edge`, kept until the callback. `client` must outlive the callback.
void probe_host(DnsClient& client, const ProbeOptions& options, const std::string& host,
                std::shared_ptr<const Edge> edge, HostCallback done);

} // namespace dcvd::checker
