// checker/challenge_probe.hpp: one check of a delegation's `_acme-challenge` name. In
// authoritative mode every server of the name's zone is asked directly (RD clear), so that
// servers still serving an old zone, or anycast nodes and providers that disagree, show; in
// resolver mode each configured resolver is asked. A chain that leaves a server's zone is
// followed through the first resolver. Every server's reading is kept as evidence.
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

enum class ChallengeVerdict : std::uint8_t {
    Delegated, ///< the alias chain reaches our target
    Elsewhere, ///< an alias chain that ends somewhere else (misdelegated)
    Txt,       ///< TXT records right at the name: the customer answers challenges itself
    Absent,    ///< no such name, or no CNAME or TXT at it
    Unknown,   ///< no evidence: failures, lame servers, loops, or servers that disagree
};

[[nodiscard]] std::string_view to_string(ChallengeVerdict verdict) noexcept;

struct ServerReading {
    std::string server; ///< "ns1.example.com. 192.0.2.53:53", or a resolver's address
    ChallengeVerdict verdict = ChallengeVerdict::Unknown;
    std::vector<std::string> chain; ///< the names followed, the asked one first
    std::string detail;             ///< what went wrong, for Unknown
};

struct ChallengeEvidence {
    ChallengeVerdict verdict = ChallengeVerdict::Unknown;
    std::string points_to; ///< Delegated/Elsewhere: the chain's last name
    std::string detail;    ///< why Unknown
    std::vector<ServerReading> readings;
};

using ChallengeCallback = std::function<void(ChallengeEvidence)>;

/// Checks `challenge` (`_acme-challenge.<host>.`) against `target`, our name for the host in
/// the validation zone. `client` must outlive the callback.
void probe_challenge(DnsClient& client, const ProbeOptions& options, const std::string& challenge,
                     const std::string& target, ChallengeCallback done);

} // namespace dcvd::checker
