// checker/challenge_probe.hpp: one check of a delegation's `_acme-challenge` name at every
// server that answers for it (sweep.hpp): does its alias chain reach our target for the host?
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agreement.hpp"
#include "sweep.hpp"

namespace dcvd::checker {

enum class ChallengeVerdict : std::uint8_t {
    Delegated, ///< the alias chain reaches our target
    Elsewhere, ///< an alias chain that ends somewhere else (misdelegated)
    Txt,       ///< TXT records right at the name: the customer answers challenges itself
    Absent,    ///< no such name, or no CNAME or TXT at it
    Unknown,   ///< no evidence: failures, lame servers, loops, or servers that disagree
};

[[nodiscard]] std::string_view to_string(ChallengeVerdict verdict) noexcept;

struct ChallengeEvidence {
    ChallengeVerdict verdict = ChallengeVerdict::Unknown;
    std::string points_to; ///< Delegated/Elsewhere: the chain's last name
    std::string detail;    ///< why Unknown
    std::vector<Reading<ChallengeVerdict>> readings;
};

using ChallengeCallback = std::function<void(ChallengeEvidence)>;

/// Checks `challenge` (`_acme-challenge.<host>.`) against `target`, our name for the host in
/// the validation zone. `client` must outlive the callback.
void probe_challenge(DnsClient& client, const ProbeOptions& options, const std::string& challenge,
                     const std::string& target, ChallengeCallback done);

} // namespace dcvd::checker
