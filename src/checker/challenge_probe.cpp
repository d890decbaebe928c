// checker/challenge_probe.cpp: ask every server, read each reply into a verdict, follow chains
// that leave a zone through the resolver, and agree or not.
#include "challenge_probe.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "authorities.hpp"

namespace dcvd::checker {
namespace {

bool reaches(const std::vector<std::string>& chain, const std::string& target) {
    return std::find(chain.begin(), chain.end(), target) != chain.end();
}

class Probe : public std::enable_shared_from_this<Probe> {
public:
    Probe(DnsClient& client, ProbeOptions options, std::string challenge, std::string target,
          ChallengeCallback done)
        : client_(client), options_(std::move(options)), challenge_(std::move(challenge)),
          target_(std::move(target)), done_(std::move(done)) {}

    void start() {
        if (options_.resolvers.empty()) {
            conclude_unknown("no resolver configured");
            return;
        }
        if (challenge_.empty() || target_.empty()) {
            conclude_unknown("not a domain name");
            return;
        }
        if (options_.mode == CheckMode::Resolver) {
            for (const auto& resolver : options_.resolvers) {
                add_server(resolver.to_string(), resolver, true);
            }
            ask_all();
            return;
        }
        find_authorities(client_, options_.resolvers.front(), challenge_, options_.authority_port,
                         [self = shared_from_this()](base::Result<Authorities> found) {
                             self->on_authorities(std::move(found));
                         });
    }

private:
    struct Asked {
        uv::Endpoint endpoint;
        bool recursion = false;
    };

    void on_authorities(base::Result<Authorities> found) {
        if (!found) {
            conclude_unknown(found.error().message);
            return;
        }
        for (const auto& authority : found->servers) {
            for (const auto& address : authority.addresses) {
                add_server(fmt::format("{} {}", authority.name, address.to_string()), address,
                           false);
            }
        }
        ask_all();
    }

    void add_server(std::string label, const uv::Endpoint& endpoint, bool recursion) {
        evidence_.readings.push_back({std::move(label), ChallengeVerdict::Unknown, {}, {}});
        asked_.push_back({endpoint, recursion});
    }

    void ask_all() {
        if (asked_.empty()) {
            conclude_unknown("no server to ask");
            return;
        }
        outstanding_ = asked_.size();
        for (std::size_t i = 0; i < asked_.size(); ++i) {
            client_.query(asked_[i].endpoint, {challenge_, LDNS_RR_TYPE_TXT, asked_[i].recursion},
                          [self = shared_from_this(), i](base::Result<DnsReply> reply) {
                              self->on_reply(i, std::move(reply));
                          });
        }
    }

    void on_reply(std::size_t index, base::Result<DnsReply> reply) {
        auto& reading = evidence_.readings[index];
        if (!reply) {
            reading.detail = reply.error().message;
            finished_one();
            return;
        }
        const Chain chain =
            follow_chain(*reply->packet, challenge_, LDNS_RR_TYPE_TXT, !asked_[index].recursion);
        reading.chain = chain.names;
        if (chain.end.answer == NameAnswer::Alias && !chain.looped &&
            !reaches(chain.names, target_)) {
            follow_elsewhere(index);
            return;
        }
        judge(reading, chain);
        finished_one();
    }

    // The chain left the server's zone: its last name is asked through the first resolver.
    void follow_elsewhere(std::size_t index) {
        const std::string next = evidence_.readings[index].chain.back();
        client_.query(options_.resolvers.front(), {next, LDNS_RR_TYPE_TXT, true},
                      [self = shared_from_this(), index, next](base::Result<DnsReply> reply) {
                          auto& reading = self->evidence_.readings[index];
                          if (!reply) {
                              reading.detail = reply.error().message;
                          } else {
                              Chain rest =
                                  follow_chain(*reply->packet, next, LDNS_RR_TYPE_TXT, false);
                              reading.chain.insert(reading.chain.end(), rest.names.begin() + 1,
                                                   rest.names.end());
                              rest.names = reading.chain;
                              rest.looped = rest.looped || rest.names.size() > max_chain_length + 1;
                              self->judge(reading, rest);
                          }
                          self->finished_one();
                      });
    }

    void judge(ServerReading& reading, const Chain& chain) const {
        if (chain.looped) {
            reading.detail = "an alias loop, or a chain too long";
        } else if (reaches(chain.names, target_)) {
            reading.verdict = ChallengeVerdict::Delegated;
        } else if (chain.names.size() > 1) {
            reading.verdict = chain.end.answer == NameAnswer::Unknown ? ChallengeVerdict::Unknown
                                                                      : ChallengeVerdict::Elsewhere;
            reading.detail = chain.end.detail;
        } else if (chain.end.answer == NameAnswer::Records) {
            reading.verdict = ChallengeVerdict::Txt;
        } else if (chain.end.answer == NameAnswer::Absent) {
            reading.verdict = ChallengeVerdict::Absent;
            reading.detail = chain.end.detail;
        } else {
            reading.detail = chain.end.detail;
        }
    }

    void finished_one() {
        if (--outstanding_ > 0) {
            return;
        }
        const auto& first = evidence_.readings.front();
        for (const auto& reading : evidence_.readings) {
            if (reading.verdict == ChallengeVerdict::Unknown) {
                conclude_unknown(fmt::format("{}: {}", reading.server, reading.detail));
                return;
            }
            if (reading.verdict != first.verdict || reading.chain.back() != first.chain.back()) {
                conclude_unknown(fmt::format("servers disagree: {} says {} ({}), {} says {} ({})",
                                             first.server, to_string(first.verdict),
                                             first.chain.back(), reading.server,
                                             to_string(reading.verdict), reading.chain.back()));
                return;
            }
        }
        evidence_.verdict = first.verdict;
        if (first.verdict == ChallengeVerdict::Delegated ||
            first.verdict == ChallengeVerdict::Elsewhere) {
            evidence_.points_to = first.chain.back();
        }
        done_(std::move(evidence_));
    }

    void conclude_unknown(std::string why) {
        evidence_.verdict = ChallengeVerdict::Unknown;
        evidence_.detail = std::move(why);
        done_(std::move(evidence_));
    }

    DnsClient& client_;
    ProbeOptions options_;
    std::string challenge_;
    std::string target_;
    ChallengeCallback done_;
    ChallengeEvidence evidence_;
    std::vector<Asked> asked_;
    std::size_t outstanding_ = 0;
};

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
    std::make_shared<Probe>(client, options, canonical_name(challenge), canonical_name(target),
                            std::move(done))
        ->start();
}

} // namespace dcvd::checker
