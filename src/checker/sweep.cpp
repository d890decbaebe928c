// checker/sweep.cpp: the servers found, every (server, type) asked, chains followed on through
// the resolver, all answers handed over at once.
#include "sweep.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "authorities.hpp"

namespace dcvd::checker {
namespace {

class Sweep : public std::enable_shared_from_this<Sweep> {
public:
    Sweep(DnsClient& client, ProbeOptions options, std::string name,
          std::vector<ldns_rr_type> types, FarEnough far_enough, SweepCallback done)
        : client_(client), options_(std::move(options)), name_(std::move(name)),
          types_(std::move(types)), far_enough_(std::move(far_enough)), done_(std::move(done)) {}

    void start() {
        if (options_.resolvers.empty()) {
            fail("no resolver configured");
            return;
        }
        if (options_.mode == CheckMode::Resolver) {
            for (const auto& resolver : options_.resolvers) {
                add_server(resolver.to_string(), resolver, true);
            }
            ask_all();
            return;
        }
        find_authorities(client_, options_.resolvers.front(), name_, options_.authority_port,
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
            fail(found.error().message);
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
        answers_.push_back({std::move(label), std::vector<Chain>(types_.size()), {}});
        asked_.push_back({endpoint, recursion});
    }

    void ask_all() {
        outstanding_ = asked_.size() * types_.size();
        if (outstanding_ == 0) {
            done_(std::move(answers_));
            return;
        }
        for (std::size_t server = 0; server < asked_.size(); ++server) {
            for (std::size_t type = 0; type < types_.size(); ++type) {
                client_.query(asked_[server].endpoint,
                              {name_, types_[type], asked_[server].recursion},
                              [self = shared_from_this(), server, type](base::Result<DnsReply> r) {
                                  self->on_reply(server, type, std::move(r));
                              });
            }
        }
    }

    void on_reply(std::size_t server, std::size_t type, base::Result<DnsReply> reply) {
        auto& answer = answers_[server];
        if (!reply) {
            note_failure(answer, reply.error().message);
            finished_one();
            return;
        }
        Chain& chain = answer.chains[type];
        chain = follow_chain(*reply->packet, name_, types_[type], !asked_[server].recursion);
        if (chain.end.answer == NameAnswer::Alias && !chain.looped && !far_enough_(chain)) {
            follow_on(server, type);
            return;
        }
        finished_one();
    }

    // The chain left the server's zone: its last name goes to the first resolver.
    void follow_on(std::size_t server, std::size_t type) {
        const std::string next = answers_[server].chains[type].names.back();
        client_.query(options_.resolvers.front(), {next, types_[type], true},
                      [self = shared_from_this(), server, type, next](base::Result<DnsReply> r) {
                          self->on_follow_reply(server, type, next, std::move(r));
                      });
    }

    void on_follow_reply(std::size_t server, std::size_t type, const std::string& next,
                         base::Result<DnsReply> reply) {
        auto& answer = answers_[server];
        if (!reply) {
            note_failure(answer, reply.error().message);
        } else {
            Chain& chain = answer.chains[type];
            const Chain rest = follow_chain(*reply->packet, next, types_[type], false);
            bool came_round = false; // back to a name the server's part already had
            for (auto name = rest.names.begin() + 1; name != rest.names.end(); ++name) {
                came_round = came_round || std::find(chain.names.begin(), chain.names.end(),
                                                     *name) != chain.names.end();
                chain.names.push_back(*name);
            }
            chain.end = rest.end;
            chain.looped = rest.looped || came_round || chain.names.size() > max_chain_length + 1;
        }
        finished_one();
    }

    static void note_failure(ServerAnswer& answer, std::string why) {
        if (answer.failure.empty()) {
            answer.failure = std::move(why);
        }
    }

    void finished_one() {
        if (--outstanding_ == 0) {
            done_(std::move(answers_));
        }
    }

    void fail(std::string why) {
        done_(base::unexpected(base::ErrorCode::Unavailable, std::move(why)));
    }

    DnsClient& client_;
    ProbeOptions options_;
    std::string name_;
    std::vector<ldns_rr_type> types_;
    FarEnough far_enough_;
    SweepCallback done_;
    std::vector<ServerAnswer> answers_;
    std::vector<Asked> asked_;
    std::size_t outstanding_ = 0;
};

} // namespace

void sweep(DnsClient& client, const ProbeOptions& options, const std::string& name,
           std::vector<ldns_rr_type> types, FarEnough far_enough, SweepCallback done) {
    std::make_shared<Sweep>(client, options, name, std::move(types), std::move(far_enough),
                            std::move(done))
        ->start();
}

} // namespace dcvd::checker
