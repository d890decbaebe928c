// checker/delegation_check.hpp: one whole check of a delegation, both parts at once: the
// `_acme-challenge` name's CNAME (challenge_probe.hpp) and where the host points
// (host_probe.hpp), summed up as the outcome the state rules take (delegation_state.hpp).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "challenge_probe.hpp"
#include "delegation_state.hpp"
#include "host_probe.hpp"

namespace dcvd::checker {

struct DelegationCheck {
    ChallengeEvidence challenge;
    HostEvidence host;
    CheckOutcome outcome; ///< the verdicts, and the evidence in one line
};

using DelegationCheckCallback = std::function<void(DelegationCheck)>;

/// Checks `host` (its `_acme-challenge` name against `target`, our name for it in the
/// validation zone, and the host itself against `edge`). `client` must outlive the callback.
void check_delegation(DnsClient& client, const ProbeOptions& options, const std::string& host,
                      const std::string& target, std::shared_ptr<const Edge> edge,
                      DelegationCheckCallback done);

/// The evidence line: "_acme-challenge.www.example.com. -> www.example.com.validation.
/// provider.net. (delegated); www.example.com. at the edge", with the reason of an unknown part.
[[nodiscard]] std::string describe(const std::string& host, const ChallengeEvidence& challenge,
                                   const HostEvidence& where);

} // namespace dcvd::checker
