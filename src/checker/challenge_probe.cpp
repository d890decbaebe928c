// checker/challenge_probe.cpp: each server's TXT answer for the name judged, then agreed on.
#include "challenge_probe.hpp"

#include <algorithm>

namespace dcvd::checker {
namespace {

bool reaches(const Chain& chain, const std::string& target) {
    return std::find(chain.names.begin(), chain.names.end(), target) != chain.names.end();
}

Reading<ChallengeVerdict> judge(const ServerAnswer& answer, const std::string& target) {
    Reading<ChallengeVerdict> reading{answer.server, ChallengeVerdict::Unknown, {}, {}, {}, {}};
    const Chain& chain = answer.chains.front();
    reading.chain = chain.names;
    if (!answer.failure.empty()) {
        reading.detail = answer.failure;
    } else if (chain.looped) {
        reading.detail = "an alias loop, or a chain too long";
    } else if (reaches(chain, target)) {
        reading.verdict = ChallengeVerdict::Delegated;
        reading.says = target;
    } else if (chain.names.size() > 1 && chain.end.answer == NameAnswer::Alias) {
        reading.detail = "the chain was not followed to its end";
    } else if (chain.names.size() > 1 && chain.end.answer != NameAnswer::Unknown) {
        reading.verdict = ChallengeVerdict::Elsewhere;
        reading.says = chain.names.back();
    } else if (chain.names.size() == 1 && chain.end.answer == NameAnswer::Records) {
        reading.verdict = ChallengeVerdict::Txt;
    } else if (chain.names.size() == 1 && chain.end.answer == NameAnswer::Absent) {
        reading.verdict = ChallengeVerdict::Absent;
    } else {
        reading.detail = chain.end.detail;
    }
    return reading;
}

} // namespace

std::string_view to_string(ChallengeVerdict verdict) noexcept {
    switch (verdict) {
    case ChallengeVerdict::Delegated:
        return "delegated";
    case ChallengeVerdict::Elsewhere:
        return "elsewhere";
    case ChallengeVerdict::Txt:
        return "txt";
    case ChallengeVerdict::Absent:
        return "absent";
    case ChallengeVerdict::Unknown:
        break;
    }
    return "unknown";
}

void probe_challenge(DnsClient& client, const ProbeOptions& options, const std::string& challenge,
                     const std::string& target, ChallengeCallback done) {
    const std::string name = canonical_name(challenge);
    const std::string ours = canonical_name(target);
    if (name.empty() || ours.empty()) {
        done({ChallengeVerdict::Unknown, {}, "not a domain name", {}});
        return;
    }
    sweep(
        client, options, name, {LDNS_RR_TYPE_TXT},
        [ours](const Chain& chain) { return reaches(chain, ours); },
        [ours, done = std::move(done)](const base::Result<std::vector<ServerAnswer>>& answers) {
            done(evidence_from<ChallengeEvidence>(
                answers, ChallengeVerdict::Unknown,
                [&ours](const ServerAnswer& answer) { return judge(answer, ours); }));
        });
}

} // namespace dcvd::checker
