// checker/agreement.hpp: many servers' readings brought to one verdict. Any reading that is no
// evidence, or any two that differ, leave the check without a verdict: one SERVFAIL, a server
// still serving yesterday's zone, or an anycast node out of step never moves a state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dcvd/base/cidr.hpp"
#include "sweep.hpp"

namespace dcvd::checker {

template <class Verdict> struct Reading {
    std::string server;                     ///< "ns1.example.com. 192.0.2.53:53", or a resolver
    Verdict verdict{};                      ///< the probe's own
    std::string says;                       ///< what it points at; compared between servers
    std::vector<std::string> chain;         ///< the names followed, the asked one first
    std::vector<base::IpAddress> addresses; ///< the chain's end's, for a host
    std::string detail;                     ///< why it is no evidence
};

/// The readings' common verdict; nullopt, with `why` saying which server said what, when one is
/// `unknown` or two differ in verdict or in what they point at. `to_string(Verdict)` names them.
template <class Verdict>
[[nodiscard]] std::optional<Verdict> agree(const std::vector<Reading<Verdict>>& readings,
                                           Verdict unknown, std::string& why) {
    if (readings.empty()) {
        why = "no server answered for the name";
        return std::nullopt;
    }
    const auto& first = readings.front();
    for (const auto& reading : readings) {
        if (reading.verdict == unknown) {
            why = fmt::format("{}: {}", reading.server, reading.detail);
            return std::nullopt;
        }
        if (reading.verdict != first.verdict || reading.says != first.says) {
            why = fmt::format("servers disagree: {} says {} ({}), {} says {} ({})", first.server,
                              to_string(first.verdict), first.says, reading.server,
                              to_string(reading.verdict), reading.says);
            return std::nullopt;
        }
    }
    return first.verdict;
}

/// A probe's evidence from every server's answer: each judged (`judge(answer)` → a Reading),
/// then agreed on; the agreed reading's `says` becomes `points_to`.
template <class Evidence, class Verdict, class Judge>
[[nodiscard]] Evidence evidence_from(const base::Result<std::vector<ServerAnswer>>& answers,
                                     Verdict unknown, const Judge& judge) {
    Evidence evidence;
    if (!answers) {
        evidence.detail = answers.error().message;
        return evidence;
    }
    for (const auto& answer : *answers) {
        evidence.readings.push_back(judge(answer));
    }
    if (auto verdict = agree(evidence.readings, unknown, evidence.detail)) {
        evidence.verdict = *verdict;
        evidence.points_to = evidence.readings.front().says;
    }
    return evidence;
}

} // namespace dcvd::checker
