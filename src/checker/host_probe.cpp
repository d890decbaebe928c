// checker/host_probe.cpp: each server's A and AAAA answers for the host judged against the edge,
// then agreed on.
#include "host_probe.hpp"

#include <algorithm>
#include <memory>
#include <tuple>

#include <fmt/format.h>

namespace dcvd::checker {
namespace {

// The names the host aliases to (not the host itself); a chain of a failed query is empty.
bool passes_edge(const Chain& chain, const Edge& edge) {
    if (chain.names.size() < 2) {
        return false;
    }
    return std::any_of(chain.names.begin() + 1, chain.names.end(),
                       [&edge](const std::string& name) { return edge.has_name(name); });
}

Reading<HostVerdict> judge(const ServerAnswer& answer, const Edge& edge) {
    Reading<HostVerdict> reading{answer.server, HostVerdict::Unknown, {}, {}, {}, {}};
    if (!answer.failure.empty()) {
        reading.detail = answer.failure;
        return reading;
    }
    bool resolves = false;
    for (const Chain& chain : answer.chains) { // A, then AAAA
        if (chain.looped) {
            reading.detail = "an alias loop, or a chain too long";
            return reading;
        }
        if (chain.names.size() > reading.chain.size()) {
            reading.chain = chain.names;
        }
        if (passes_edge(chain, edge)) {
            reading.verdict = HostVerdict::AtEdge;
            return reading;
        }
        switch (chain.end.answer) {
        case NameAnswer::Records:
            reading.addresses.insert(reading.addresses.end(), chain.end.addresses.begin(),
                                     chain.end.addresses.end());
            resolves = true;
            break;
        case NameAnswer::Absent:
            resolves = resolves || chain.names.size() > 1; // an alias to nothing still points
            break;
        default: // Unknown, or an alias that could not be followed to its end
            reading.detail = chain.end.detail.empty() ? "the chain was not followed to its end"
                                                      : chain.end.detail;
            return reading;
        }
    }
    if (std::any_of(
            reading.addresses.begin(), reading.addresses.end(),
            [&edge](const base::IpAddress& address) { return edge.has_address(address); })) {
        reading.verdict = HostVerdict::AtEdge;
        return reading;
    }
    if (!resolves) {
        reading.verdict = HostVerdict::Absent;
        return reading;
    }
    reading.verdict = HostVerdict::Elsewhere;
    // In one order whatever order the RRsets came in, IPv4 first: servers are compared by it.
    std::sort(reading.addresses.begin(), reading.addresses.end(),
              [](const base::IpAddress& a, const base::IpAddress& b) {
                  return std::tie(a.is_v6, a.bytes) < std::tie(b.is_v6, b.bytes);
              });
    std::vector<std::string> texts;
    for (const auto& address : reading.addresses) {
        texts.push_back(base::to_text(address));
    }
    reading.says = texts.empty() ? reading.chain.back() : fmt::format("{}", fmt::join(texts, ", "));
    return reading;
}

} // namespace

std::string_view to_string(HostVerdict verdict) noexcept {
    switch (verdict) {
    case HostVerdict::AtEdge:
        return "at the edge";
    case HostVerdict::Elsewhere:
        return "elsewhere";
    case HostVerdict::Absent:
        return "absent";
    case HostVerdict::Unknown:
        break;
    }
    return "unknown";
}

void probe_host(DnsClient& client, const ProbeOptions& options, const std::string& host,
                std::shared_ptr<const Edge> edge, HostCallback done) {
    const std::string name = canonical_name(host);
    if (name.empty()) {
        done({HostVerdict::Unknown, {}, "not a domain name", {}});
        return;
    }
    auto ours = std::move(edge);
    sweep(
        client, options, name, {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA},
        [ours](const Chain& chain) { return passes_edge(chain, *ours); },
        [ours, done = std::move(done)](const base::Result<std::vector<ServerAnswer>>& answers) {
            done(evidence_from<HostEvidence>(
                answers, HostVerdict::Unknown,
                [&ours](const ServerAnswer& answer) { return judge(answer, *ours); }));
        });
}

} // namespace dcvd::checker
