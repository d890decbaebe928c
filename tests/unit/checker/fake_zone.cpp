// tests/unit/checker/fake_zone.cpp: the zone's servers and its resolver.
#include "fake_zone.hpp"

#include "observation.hpp"

namespace dcvd::checker::test {
namespace {

// The resolver: what a test adds, and example.com.'s servers.
Script resolver_script(ResolverTable table) {
    table[{"example.com.", LDNS_RR_TYPE_NS}] = {"example.com. NS ns1.example.com.",
                                                "example.com. NS ns2.example.com."};
    table[{"ns1.example.com.", LDNS_RR_TYPE_A}] = {"ns1.example.com. A 127.0.0.11"};
    table[{"ns2.example.com.", LDNS_RR_TYPE_A}] = {"ns2.example.com. A 127.0.0.12"};
    return answering_from(std::move(table));
}

} // namespace

// Runs on the server's thread: no Catch assertions.
Script answering_from(ResolverTable table) {
    return [table = std::move(table)](const ReceivedQuery& query, std::size_t) {
        ldns_pkt* parsed = nullptr;
        if (ldns_wire2pkt(&parsed, query.wire.data(), query.wire.size()) != LDNS_STATUS_OK) {
            return Replies{};
        }
        const zone::LdnsPacket packet(parsed);
        const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(packet.get()), 0);
        const auto found =
            table.find({name_text(*ldns_rr_owner(question)), ldns_rr_get_type(question)});
        return Replies{
            response_to(query, found == table.end() ? std::vector<std::string>{} : found->second)};
    };
}

Script answering(std::vector<std::string> answers, ldns_pkt_rcode rcode) {
    return [answers = std::move(answers), rcode](const ReceivedQuery& query, std::size_t) {
        return Replies{response_to(query, answers, false, 0, {}, rcode)};
    };
}

FakeZone::FakeZone(Script ns1, Script ns2, ResolverTable known)
    : resolver(resolver_script(std::move(known))), first(std::move(ns1), "127.0.0.11"),
      second(std::move(ns2), "127.0.0.12", first.port()) {}

ProbeOptions FakeZone::options(CheckMode mode) const {
    ProbeOptions options;
    options.mode = mode;
    options.resolvers = {*uv::Endpoint::parse("127.0.0.1:" + std::to_string(resolver.port()))};
    options.authority_port = first.port();
    return options;
}

} // namespace dcvd::checker::test
