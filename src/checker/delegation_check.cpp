// checker/delegation_check.cpp: the two probes side by side, joined when both have answered.
#include "delegation_check.hpp"

#include <optional>

#include <fmt/format.h>

namespace dcvd::checker {
namespace {

// Both probes' results, until the second arrives.
struct Pair {
    std::optional<ChallengeEvidence> challenge;
    std::optional<HostEvidence> host;
    std::string name;
    DelegationCheckCallback done;

    void finish_if_complete() {
        if (!challenge || !host) {
            return;
        }
        DelegationCheck check{std::move(*challenge), std::move(*host), {}};
        check.outcome = {check.challenge.verdict, check.host.verdict,
                         describe(name, check.challenge, check.host)};
        done(std::move(check));
    }
};

} // namespace

std::string describe(const std::string& host, const ChallengeEvidence& challenge,
                     const HostEvidence& where) {
    const std::string challenge_name = "_acme-challenge." + host;
    std::string first;
    switch (challenge.verdict) {
    case ChallengeVerdict::Delegated:
    case ChallengeVerdict::Elsewhere:
        first = fmt::format("{} -> {} ({})", challenge_name, challenge.points_to,
                            to_string(challenge.verdict));
        break;
    case ChallengeVerdict::Txt:
        first = fmt::format("{} has TXT records of its own, no CNAME", challenge_name);
        break;
    case ChallengeVerdict::Absent:
        first = fmt::format("{} has no CNAME", challenge_name);
        break;
    case ChallengeVerdict::Unknown:
        first = fmt::format("{} unknown: {}", challenge_name, challenge.detail);
        break;
    }
    std::string second;
    switch (where.verdict) {
    case HostVerdict::AtEdge:
        second = fmt::format("{} at the edge", host);
        break;
    case HostVerdict::Elsewhere:
        second = fmt::format("{} -> {} (not the edge)", host, where.points_to);
        break;
    case HostVerdict::Absent:
        second = fmt::format("{} does not resolve", host);
        break;
    case HostVerdict::Unknown:
        second = fmt::format("{} unknown: {}", host, where.detail);
        break;
    }
    return first + "; " + second;
}

void check_delegation(DnsClient& client, const ProbeOptions& options, const std::string& host,
                      const std::string& target, std::shared_ptr<const Edge> edge,
                      DelegationCheckCallback done) {
    std::string name = canonical_name(host);
    if (name.empty()) {
        DelegationCheck check;
        check.challenge.detail = check.host.detail = "not a domain name: \"" + host + "\"";
        check.outcome.evidence = check.host.detail;
        done(std::move(check));
        return;
    }
    auto pair = std::make_shared<Pair>(Pair{{}, {}, name, std::move(done)});
    probe_challenge(client, options, "_acme-challenge." + name, target,
                    [pair](ChallengeEvidence evidence) {
                        pair->challenge = std::move(evidence);
                        pair->finish_if_complete();
                    });
    probe_host(client, options, name, std::move(edge), [pair](HostEvidence evidence) {
        pair->host = std::move(evidence);
        pair->finish_if_complete();
    });
}

} // namespace dcvd::checker
