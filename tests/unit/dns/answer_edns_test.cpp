// unit/dns/answer_edns_test.cpp: EDNS(0) (RFC 6891) and response sizes: the OPT echoed with our
// payload, BADVERS, answers sized to the client, TC=1 when they do not fit, full answers over TCP.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "answer_fixture.hpp"

using namespace dcvd;
using namespace dcvd::dns::test;

namespace {

/// Eight values of 200 octets at www.example.com: about 1.7 KB of answer.
void put_big_answer(AnswerFixture& f) {
    for (char c = 'a'; c < 'a' + 8; ++c) {
        f.put_value("www.example.com", std::string(200, c));
    }
}

QuerySpec big_query(std::optional<std::uint16_t> payload) {
    return {.qname = target("www.example.com"), .edns_payload = payload};
}

void require_truncated(AnswerFixture& f, const ldns_pkt* pkt) {
    CHECK(ldns_pkt_tc(pkt));
    CHECK(ldns_pkt_ancount(pkt) == 0);
    CHECK(ldns_pkt_nscount(pkt) == 0);
    CHECK(ldns_pkt_qdcount(pkt) == 1);
    CHECK(f.info().truncated);
}

} // namespace

TEST_CASE("an OPT in the query gets ours back: our payload, version 0, no options "
          "(RFC 6891 §6.1.1)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    const auto pkt = f.ask({.qname = target("www.example.com"), .edns_payload = 4096});
    CHECK(ldns_pkt_edns(pkt.get()));
    CHECK(ldns_pkt_edns_udp_size(pkt.get()) == 1232);
    CHECK(ldns_pkt_edns_version(pkt.get()) == 0);
    CHECK(ldns_pkt_edns_data(pkt.get()) == nullptr);
    CHECK(ldns_pkt_ancount(pkt.get()) == 1);
}

TEST_CASE("no OPT answers a query without one (RFC 6891 §7)", "[dns][answer][edns]") {
    AnswerFixture f;
    const auto pkt = f.ask({.qname = target("www.example.com")});
    CHECK_FALSE(ldns_pkt_edns(pkt.get()));
}

TEST_CASE("DO is not set in responses: the zone is not signed (RFC 3225 §3)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    const auto pkt =
        f.ask({.qname = target("www.example.com"), .edns_payload = 1232, .dnssec_ok = true});
    CHECK(ldns_pkt_edns(pkt.get()));
    CHECK_FALSE(ldns_pkt_edns_do(pkt.get()));
}

TEST_CASE("EDNS version 1 gets BADVERS with an OPT and no answer (RFC 6891 §6.1.3)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    const auto pkt =
        f.ask({.qname = target("www.example.com"), .edns_payload = 1232, .edns_version = 1});
    CHECK(rcode_of(pkt.get()) == 16);
    CHECK(ldns_pkt_get_rcode(pkt.get()) == 0);           // lower 4 bits in the header
    CHECK(ldns_pkt_edns_extended_rcode(pkt.get()) == 1); // upper 8 bits in the OPT
    CHECK(ldns_pkt_edns_version(pkt.get()) == 0);
    CHECK(ldns_pkt_ancount(pkt.get()) == 0);
    CHECK(ldns_pkt_qdcount(pkt.get()) == 1);
    CHECK(f.info().rcode == 16);
}

TEST_CASE("over UDP without EDNS an answer over 512 octets is TC=1 with no records "
          "(RFC 1035 §4.2.1, RFC 2181 §9)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    put_big_answer(f);
    const auto pkt = f.ask(big_query(std::nullopt));
    require_truncated(f, pkt.get());
    CHECK_FALSE(ldns_pkt_edns(pkt.get()));
    CHECK(ldns_pkt_aa(pkt.get()));
}

TEST_CASE("the client's payload is clamped to ours: TC=1 beyond 1232 octets, with the OPT",
          "[dns][answer][edns]") {
    AnswerFixture f;
    put_big_answer(f);
    const auto pkt = f.ask(big_query(4096));
    require_truncated(f, pkt.get());
    CHECK(ldns_pkt_edns(pkt.get()));
    CHECK(ldns_pkt_arcount(pkt.get()) == 0); // ldns counts the OPT apart
}

TEST_CASE("answers up to the client's payload go whole over UDP", "[dns][answer][edns]") {
    AnswerFixture f;
    put_big_answer(f);
    f.context.edns_payload = 4096;
    const auto pkt = f.ask(big_query(4096));
    CHECK_FALSE(ldns_pkt_tc(pkt.get()));
    CHECK(ldns_pkt_ancount(pkt.get()) == 8);
    const auto smaller = f.ask(big_query(1500)); // the client's limit rules when it is lower
    CHECK(ldns_pkt_tc(smaller.get()));
}

TEST_CASE("a payload below 512 is taken as 512 (RFC 6891 §6.2.5)", "[dns][answer][edns]") {
    AnswerFixture f;
    f.put_value("www.example.com", std::string(200, 'x'));
    f.put_value("www.example.com", std::string(200, 'y')); // about 480 octets in all
    const auto pkt = f.ask(big_query(100));
    CHECK_FALSE(ldns_pkt_tc(pkt.get()));
    CHECK(ldns_pkt_ancount(pkt.get()) == 2);
}

TEST_CASE("over TCP the whole answer is sent, up to 65535 octets (RFC 7766 §8)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    put_big_answer(f);
    for (const auto payload : {std::optional<std::uint16_t>{}, std::optional<std::uint16_t>{512}}) {
        const auto pkt = f.ask(big_query(payload), dns::Transport::Tcp);
        CHECK_FALSE(ldns_pkt_tc(pkt.get()));
        CHECK(ldns_pkt_ancount(pkt.get()) == 8);
        CHECK_FALSE(f.info().truncated);
    }
}

TEST_CASE("a negative answer to a near-255-octet name still fits 512 octets: the SOA owner points "
          "into the question",
          "[dns][answer][edns]") {
    AnswerFixture f;
    std::string name;
    for (int i = 0; i < 3; ++i) {
        name += std::string(63, static_cast<char>('a' + i)) + ".";
    }
    name += std::string(30, 'd') + ".validation.example.net.";
    const auto pkt = f.ask({.qname = name, .qtype = LDNS_RR_TYPE_A});
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NXDOMAIN);
    CHECK_FALSE(ldns_pkt_tc(pkt.get()));
    CHECK(ldns_pkt_nscount(pkt.get()) == 1);
}

TEST_CASE("glue that does not fit is left out without TC", "[dns][answer][edns]") {
    // Eleven NS records fill most of 512 octets; their glue cannot all follow.
    std::string extra;
    for (int i = 2; i <= 11; ++i) {
        extra += fmt::format("@ IN NS ns{0}\nns{0} IN A 192.0.2.{0}\n", i);
    }
    AnswerFixture f(extra);
    const auto pkt = f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_NS});
    CHECK_FALSE(ldns_pkt_tc(pkt.get()));
    CHECK(ldns_pkt_ancount(pkt.get()) == 11);
    CHECK(ldns_pkt_arcount(pkt.get()) > 0);
    CHECK(ldns_pkt_arcount(pkt.get()) < 11);
    const auto tcp =
        f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_NS}, dns::Transport::Tcp);
    CHECK(ldns_pkt_arcount(tcp.get()) == 11);
}
