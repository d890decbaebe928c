// unit/dns/answer_qtype_test.cpp: QTYPEs and QCLASSes beyond plain data: minimal ANY (RFC 8482),
// zone transfers, meta-types, classes other than IN.
#include <catch2/catch.hpp>

#include "answer_fixture.hpp"

using namespace dcvd;
using namespace dcvd::dns::test;
using dcvd::test::texts;

namespace {

constexpr std::string_view extra_zone = R"(_static IN TXT "static owner"
_static IN A 192.0.2.9
)";

} // namespace

TEST_CASE("ANY at a target answers its TXT RRset alone (RFC 8482 §4.2)", "[dns][answer][any]") {
    AnswerFixture f;
    f.put_value("www.example.com", "one");
    f.put_value("www.example.com", "two");
    const auto pkt = f.ask({.qname = target("www.example.com"), .qtype = LDNS_RR_TYPE_ANY});
    CHECK(
        texts(ldns_pkt_answer(pkt.get())) ==
        std::vector<std::string>{"www.example.com.validation.example.net.\t60\tIN\tTXT\t\"one\"",
                                 "www.example.com.validation.example.net.\t60\tIN\tTXT\t\"two\""});
    CHECK(f.info().qtype == LDNS_RR_TYPE_ANY);
}

TEST_CASE("ANY at the apex answers the SOA alone (RFC 8482 §4.2)", "[dns][answer][any]") {
    AnswerFixture f;
    const auto pkt = f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_ANY});
    REQUIRE(ldns_pkt_ancount(pkt.get()) == 1);
    CHECK(ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_answer(pkt.get()), 0)) == LDNS_RR_TYPE_SOA);
    CHECK(ldns_pkt_arcount(pkt.get()) == 0);
}

TEST_CASE("ANY at a static owner answers one of its RRsets (RFC 8482 §4.2)", "[dns][answer][any]") {
    AnswerFixture f(extra_zone);
    const auto pkt = f.ask({.qname = "_static.validation.example.net.", .qtype = LDNS_RR_TYPE_ANY});
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"_static.validation.example.net.\t3600\tIN\tA\t192.0.2.9"});
}

TEST_CASE("ANY where nothing is served answers NODATA or NXDOMAIN", "[dns][answer][any]") {
    AnswerFixture f;
    f.put_value("www.example.com", "old", 60, answer_now);
    const auto expired = f.ask({.qname = target("www.example.com"), .qtype = LDNS_RR_TYPE_ANY});
    CHECK(rcode_of(expired.get()) == LDNS_RCODE_NOERROR);
    CHECK(ldns_pkt_ancount(expired.get()) == 0);
    CHECK(ldns_pkt_nscount(expired.get()) == 1);
    const auto missing = f.ask({.qname = target("nobody.example"), .qtype = LDNS_RR_TYPE_ANY});
    CHECK(rcode_of(missing.get()) == LDNS_RCODE_NXDOMAIN);
}

TEST_CASE("AXFR and IXFR are NOTIMP on both transports until zone transfers land "
          "(RFC 5936 §4.2)",
          "[dns][answer]") {
    AnswerFixture f;
    for (const auto type : {LDNS_RR_TYPE_AXFR, LDNS_RR_TYPE_IXFR}) {
        for (const auto transport : {dns::Transport::Udp, dns::Transport::Tcp}) {
            CAPTURE(type, transport == dns::Transport::Udp);
            const auto pkt = f.ask(
                {.qname = "validation.example.net.", .qtype = static_cast<std::uint16_t>(type)},
                transport);
            CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOTIMPL);
            CHECK(ldns_pkt_ancount(pkt.get()) == 0);
            CHECK(ldns_pkt_qdcount(pkt.get()) == 1);
        }
    }
}

TEST_CASE("obsolete and unimplemented QTYPEs (MAILA, MAILB, TKEY) are NOTIMP", "[dns][answer]") {
    AnswerFixture f;
    for (const auto type : {LDNS_RR_TYPE_MAILA, LDNS_RR_TYPE_MAILB, LDNS_RR_TYPE_TKEY}) {
        CAPTURE(type);
        const auto pkt =
            f.ask({.qname = target("www.example.com"), .qtype = static_cast<std::uint16_t>(type)});
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOTIMPL);
    }
}

TEST_CASE("OPT and TSIG as QTYPE are FORMERR: they live in the additional section only "
          "(RFC 6891 §6.1.1, RFC 8945 §5.1)",
          "[dns][answer]") {
    AnswerFixture f;
    for (const auto type : {LDNS_RR_TYPE_OPT, LDNS_RR_TYPE_TSIG}) {
        CAPTURE(type);
        const auto pkt =
            f.ask({.qname = target("www.example.com"), .qtype = static_cast<std::uint16_t>(type)});
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_FORMERR);
        CHECK(ldns_pkt_qdcount(pkt.get()) == 1);
    }
}

TEST_CASE("RRSIG asked at a target is NODATA: the zone is not signed", "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    const auto pkt = f.ask({.qname = target("www.example.com"), .qtype = LDNS_RR_TYPE_RRSIG});
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
    CHECK(ldns_pkt_ancount(pkt.get()) == 0);
    CHECK(ldns_pkt_nscount(pkt.get()) == 1);
}

TEST_CASE("classes other than IN are REFUSED without AA", "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    for (const auto qclass :
         {LDNS_RR_CLASS_CH, LDNS_RR_CLASS_HS, LDNS_RR_CLASS_ANY, LDNS_RR_CLASS_NONE}) {
        CAPTURE(qclass);
        const auto pkt = f.ask(
            {.qname = target("www.example.com"), .qclass = static_cast<std::uint16_t>(qclass)});
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_REFUSED);
        CHECK_FALSE(ldns_pkt_aa(pkt.get()));
    }
}
