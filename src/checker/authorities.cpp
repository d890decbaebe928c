// checker/authorities.cpp: the walk up to the zone cut, then the NS names' addresses, as one
// search object kept alive by the callbacks it has outstanding.
#include "authorities.hpp"

#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <netinet/in.h>

#include "chain.hpp"

namespace dcvd::checker {
namespace {

std::optional<std::string> parent_of(const std::string& name) {
    const zone::LdnsRdf child(ldns_dname_new_frm_str(name.c_str()));
    if (!child || ldns_dname_label_count(child.get()) == 0) {
        return std::nullopt; // the root has no parent
    }
    const zone::LdnsRdf parent(ldns_dname_left_chop(child.get()));
    if (!parent) {
        return std::nullopt;
    }
    return name_text(*parent);
}

uv::Endpoint endpoint_of(const base::IpAddress& address, std::uint16_t port) {
    sockaddr_storage storage{};
    if (address.is_v6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        std::memcpy(&v6->sin6_addr, address.bytes.data(), 16);
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        std::memcpy(&v4->sin_addr, address.bytes.data(), 4);
    }
    return *uv::Endpoint::from_sockaddr(storage); // AF_INET or AF_INET6: always an endpoint
}

class Search : public std::enable_shared_from_this<Search> {
public:
    Search(DnsClient& client, const uv::Endpoint& resolver, std::string name, std::uint16_t port,
           AuthoritiesCallback done)
        : client_(client), resolver_(resolver), name_(std::move(name)), candidate_(name_),
          port_(port), done_(std::move(done)) {}

    void ask_for_cut() {
        client_.query(resolver_, {candidate_, LDNS_RR_TYPE_NS, true},
                      [self = shared_from_this()](base::Result<DnsReply> reply) {
                          self->on_cut_reply(std::move(reply));
                      });
    }

private:
    void on_cut_reply(base::Result<DnsReply> reply) {
        if (!reply) {
            fail(reply.error().message);
            return;
        }
        const auto chain = follow_chain(*reply->packet, candidate_, LDNS_RR_TYPE_NS, false);
        const auto& seen = chain.end;
        if (chain.names.size() == 1 && seen.answer == NameAnswer::Records && !seen.names.empty()) {
            found_.zone = candidate_;
            for (const auto& server : seen.names) {
                found_.servers.push_back({server, {}});
            }
            ask_for_addresses();
            return;
        }
        if (chain.names.size() == 1 && seen.answer == NameAnswer::Unknown) {
            fail(fmt::format("the resolver {} answered NS {} with {}", resolver_.to_string(),
                             candidate_, seen.detail));
            return;
        }
        // No NS RRset of its own (absent, or an alias): the cut is higher up.
        auto parent = parent_of(candidate_);
        if (!parent) {
            fail("no zone cut found above " + name_);
            return;
        }
        candidate_ = std::move(*parent);
        ask_for_cut();
    }

    void ask_for_addresses() {
        for (std::size_t i = 0; i < found_.servers.size(); ++i) {
            for (const ldns_rr_type type : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
                ++outstanding_;
                client_.query(resolver_, {found_.servers[i].name, type, true},
                              [self = shared_from_this(), i, type](base::Result<DnsReply> reply) {
                                  self->on_address_reply(i, type, std::move(reply));
                              });
            }
        }
    }

    void on_address_reply(std::size_t server, ldns_rr_type type, base::Result<DnsReply> reply) {
        if (reply) {
            auto& authority = found_.servers[server];
            const auto chain = follow_chain(*reply->packet, authority.name, type, false);
            for (const auto& address : chain.end.addresses) {
                authority.addresses.push_back(endpoint_of(address, port_));
            }
        }
        if (--outstanding_ > 0) {
            return;
        }
        for (const auto& authority : found_.servers) {
            if (!authority.addresses.empty()) {
                done_(std::move(found_));
                return;
            }
        }
        fail(fmt::format("no NS of {} has an address the resolver {} knows", found_.zone,
                         resolver_.to_string()));
    }

    void fail(std::string why) {
        done_(base::unexpected(base::ErrorCode::Unavailable,
                               fmt::format("authorities of {}: {}", name_, why)));
    }

    DnsClient& client_;
    uv::Endpoint resolver_;
    std::string name_;
    std::string candidate_;
    std::uint16_t port_;
    AuthoritiesCallback done_;
    Authorities found_;
    std::size_t outstanding_ = 0;
};

} // namespace

void find_authorities(DnsClient& client, const uv::Endpoint& resolver, const std::string& name,
                      std::uint16_t port, AuthoritiesCallback done) {
    std::string canonical = canonical_name(name);
    if (canonical.empty()) {
        done(base::unexpected(base::ErrorCode::Invalid, "not a domain name: \"" + name + "\""));
        return;
    }
    std::make_shared<Search>(client, resolver, std::move(canonical), port, std::move(done))
        ->ask_for_cut();
}

} // namespace dcvd::checker
