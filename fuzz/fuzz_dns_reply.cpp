// fuzz/fuzz_dns_reply.cpp: octets from the network → the checker's reply check (ldns parses) and
// its reading of the reply. Whatever it takes as ours is a response with our ID and exactly our
// question, case aside; reading it, as each type the checker asks, never crashes.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "chain.hpp"
#include "dns_message.hpp"
#include "observation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd::checker;
    static const DnsQuestion question{"_acme-challenge.www.example.com.", LDNS_RR_TYPE_TXT, false};
    constexpr std::uint16_t id = 0x2a2a; // fuzz/make_seeds.py's
    const auto checked = check_reply(std::span<const std::uint8_t>(data, size), question, id);
    if (checked.verdict == ReplyVerdict::NotOurs) {
        if (checked.packet) {
            std::abort(); // a refusal carries no packet
        }
        return 0;
    }
    const ldns_pkt* reply = checked.packet.get();
    if (reply == nullptr || !ldns_pkt_qr(reply) || ldns_pkt_id(reply) != id ||
        ldns_rr_list_rr_count(ldns_pkt_question(reply)) != 1 ||
        ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_question(reply), 0)) != LDNS_RR_TYPE_TXT) {
        std::abort();
    }
    for (const auto type :
         {LDNS_RR_TYPE_TXT, LDNS_RR_TYPE_CNAME, LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
        for (const bool authoritative : {true, false}) {
            const auto seen = observe_name(*reply, question.name, type, authoritative);
            if (seen.answer == NameAnswer::Alias && seen.target.empty()) {
                std::abort();
            }
            const auto chain = follow_chain(*reply, question.name, type, authoritative);
            if (chain.names.empty() || chain.names.size() > max_chain_length + 1) {
                std::abort();
            }
        }
    }
    return 0;
}
