// unit/dns/answer_zone_test.cpp: what names inside and outside the zone answer (DESIGN.md §4):
// targets' TXT values, the apex, static owners, NODATA, NXDOMAIN, REFUSED, SERVFAIL.
#include <catch2/catch.hpp>

#include "answer_fixture.hpp"

using namespace dcvd;
using namespace dcvd::dns::test;
using dcvd::test::texts;

namespace {

/// Static records beside the base test zone (SOA, NS ns1, ns1 A).
constexpr std::string_view extra_zone = R"(@ IN TXT "static apex text"
ns1 IN AAAA 2001:db8::1
_static IN TXT "static owner"
_static IN A 192.0.2.9
a.deep IN A 192.0.2.7
)";

QuerySpec txt_at(const std::string& name) {
    return {.qname = name};
}

/// The SOA of a negative answer: in authority alone, with the RFC 2308 negative TTL.
void require_negative_soa(const ldns_pkt* pkt, std::uint32_t serial) {
    REQUIRE(ldns_pkt_ancount(pkt) == 0);
    REQUIRE(ldns_pkt_nscount(pkt) == 1);
    const ldns_rr* soa = ldns_rr_list_rr(ldns_pkt_authority(pkt), 0);
    CHECK(ldns_rr_get_type(soa) == LDNS_RR_TYPE_SOA);
    CHECK(dcvd::test::text(ldns_rr_owner(soa)) == "validation.example.net.");
    CHECK(ldns_rr_ttl(soa) == 60); // min(SOA TTL 3600, MINIMUM 60)
    CHECK(ldns_rdf2native_int32(ldns_rr_rdf(soa, 2)) == serial);
}

} // namespace

TEST_CASE("a target answers TXT with all its current values, AA set, RA clear", "[dns][answer]") {
    AnswerFixture f(extra_zone);
    f.put_value("www.example.com", "first", 120);
    f.put_value("www.example.com", "second", 60);
    const auto pkt = f.ask({.qname = target("www.example.com"), .rd = true});
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
    CHECK(ldns_pkt_aa(pkt.get()));
    CHECK_FALSE(ldns_pkt_ra(pkt.get()));
    CHECK(ldns_pkt_rd(pkt.get()));
    // One TTL per RRset, the lowest of the values' (RFC 2181 §5.2).
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{
              "www.example.com.validation.example.net.\t60\tIN\tTXT\t\"first\"",
              "www.example.com.validation.example.net.\t60\tIN\tTXT\t\"second\""});
    CHECK(ldns_pkt_nscount(pkt.get()) == 0);
    CHECK(f.info().qtype == LDNS_RR_TYPE_TXT);
    CHECK(f.info().rcode == 0);
}

TEST_CASE("RD and CD are copied into the response (RFC 1035 §4.1.1, RFC 6840 §5.9)",
          "[dns][answer]") {
    AnswerFixture f;
    const auto set = f.ask({.qname = target("x.example"), .rd = true, .cd = true});
    CHECK(ldns_pkt_rd(set.get()));
    CHECK(ldns_pkt_cd(set.get()));
    const auto clear = f.ask(txt_at(target("x.example")));
    CHECK_FALSE(ldns_pkt_rd(clear.get()));
    CHECK_FALSE(ldns_pkt_cd(clear.get()));
}

TEST_CASE("expired values are never served", "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "old", 30, answer_now + 10);
    f.put_value("www.example.com", "current", 90);
    f.context.now = answer_now + 10; // "old" expires exactly now
    const auto pkt = f.ask(txt_at(target("www.example.com")));
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{
              "www.example.com.validation.example.net.\t90\tIN\tTXT\t\"current\""});
}

TEST_CASE("a target whose values have all expired answers NODATA with the SOA (RFC 2308 §2.2)",
          "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "old", 30, answer_now + 10);
    f.context.now = answer_now + 11;
    const auto pkt = f.ask(txt_at(target("www.example.com")));
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
    CHECK(ldns_pkt_aa(pkt.get()));
    require_negative_soa(pkt.get(), f.serial());
}

TEST_CASE("other types at a target answer NODATA with the SOA (RFC 2308 §2.2)", "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    for (const auto type : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_CNAME,
                            LDNS_RR_TYPE_RRSIG, LDNS_RR_TYPE_SOA}) {
        CAPTURE(type);
        const auto pkt =
            f.ask({.qname = target("www.example.com"), .qtype = static_cast<std::uint16_t>(type)});
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
        require_negative_soa(pkt.get(), f.serial());
    }
}

TEST_CASE("a name with nothing there answers NXDOMAIN with the SOA and the negative TTL "
          "(RFC 2308 §3, §5)",
          "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    for (const auto& name : {target("nobody.example.org"), target("x.www.example.com"),
                             std::string("zzz.validation.example.net.")}) {
        CAPTURE(name);
        const auto pkt = f.ask(txt_at(name));
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NXDOMAIN);
        CHECK(ldns_pkt_aa(pkt.get()));
        require_negative_soa(pkt.get(), f.serial());
        CHECK(f.info().rcode == LDNS_RCODE_NXDOMAIN);
    }
}

TEST_CASE("names between the apex and a target are empty non-terminals: NODATA (RFC 8020)",
          "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    for (const auto& name : {target("com"), target("example.com"), target("EXAMPLE.com")}) {
        CAPTURE(name);
        const auto pkt = f.ask(txt_at(name));
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
        require_negative_soa(pkt.get(), f.serial());
    }
}

TEST_CASE("names above static owners are empty non-terminals: NODATA (RFC 8020)", "[dns][answer]") {
    AnswerFixture f(extra_zone);
    const auto pkt = f.ask(txt_at("deep.validation.example.net."));
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
    require_negative_soa(pkt.get(), f.serial());
}

TEST_CASE("a name holding a 0x00 octet answers NXDOMAIN", "[dns][answer]") {
    AnswerFixture f;
    const auto pkt = f.ask(txt_at("a\\000b.validation.example.net."));
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NXDOMAIN);
    require_negative_soa(pkt.get(), f.serial());
}

TEST_CASE("names outside the zone are REFUSED without AA", "[dns][answer]") {
    AnswerFixture f;
    for (const auto& name : {"example.net.", "www.example.com.", ".", "xvalidation.example.net.",
                             "validation.example.org."}) {
        CAPTURE(name);
        const auto pkt = f.ask(txt_at(name));
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_REFUSED);
        CHECK_FALSE(ldns_pkt_aa(pkt.get()));
        CHECK(ldns_pkt_ancount(pkt.get()) == 0);
        CHECK(ldns_pkt_nscount(pkt.get()) == 0);
    }
}

TEST_CASE("the apex SOA carries the store's serial, not the zone file's", "[dns][answer]") {
    AnswerFixture f;
    const std::uint32_t before = f.serial();
    f.put_value("www.example.com", "v"); // a commit advances the serial
    REQUIRE(f.serial() != before);
    const auto pkt = f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_SOA});
    REQUIRE(ldns_pkt_ancount(pkt.get()) == 1);
    const ldns_rr* soa = ldns_rr_list_rr(ldns_pkt_answer(pkt.get()), 0);
    CHECK(dcvd::test::text(soa) ==
          "validation.example.net.\t3600\tIN\tSOA\tns1.validation.example.net. "
          "hostmaster.example.net. " +
              std::to_string(f.serial()) + " 3600 600 1209600 60");
    CHECK(ldns_pkt_aa(pkt.get()));
}

TEST_CASE("the apex NS answer carries the glue A and AAAA in additional", "[dns][answer]") {
    AnswerFixture f(extra_zone);
    const auto pkt = f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_NS});
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{
              "validation.example.net.\t3600\tIN\tNS\tns1.validation.example.net."});
    CHECK(texts(ldns_pkt_additional(pkt.get())) ==
          std::vector<std::string>{"ns1.validation.example.net.\t3600\tIN\tA\t192.0.2.1",
                                   "ns1.validation.example.net.\t3600\tIN\tAAAA\t2001:db8::1"});
    CHECK(ldns_pkt_aa(pkt.get()));
}

TEST_CASE("static records answer at the apex and at other static owners", "[dns][answer]") {
    AnswerFixture f(extra_zone);
    const auto apex = f.ask(txt_at("validation.example.net."));
    CHECK(texts(ldns_pkt_answer(apex.get())) ==
          std::vector<std::string>{"validation.example.net.\t3600\tIN\tTXT\t\"static apex text\""});
    const auto owner = f.ask({.qname = "_static.validation.example.net.", .qtype = LDNS_RR_TYPE_A});
    CHECK(texts(ldns_pkt_answer(owner.get())) ==
          std::vector<std::string>{"_static.validation.example.net.\t3600\tIN\tA\t192.0.2.9"});
    const auto glue = f.ask({.qname = "ns1.validation.example.net.", .qtype = LDNS_RR_TYPE_AAAA});
    CHECK(texts(ldns_pkt_answer(glue.get())) ==
          std::vector<std::string>{"ns1.validation.example.net.\t3600\tIN\tAAAA\t2001:db8::1"});
}

TEST_CASE("other types at a static owner, and at the apex, answer NODATA", "[dns][answer]") {
    AnswerFixture f(extra_zone);
    for (const auto& name : {"_static.validation.example.net.", "validation.example.net."}) {
        CAPTURE(name);
        const auto pkt = f.ask({.qname = name, .qtype = LDNS_RR_TYPE_MX});
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOERROR);
        require_negative_soa(pkt.get(), f.serial());
    }
}

TEST_CASE("the question is echoed as sent and matched ignoring case (RFC 4343)", "[dns][answer]") {
    AnswerFixture f;
    f.put_value("www.example.com", "v");
    const auto pkt = f.ask(txt_at("WwW.ExAmPlE.cOm.VALIDATION.example.NET."));
    CHECK(texts(ldns_pkt_question(pkt.get())) ==
          std::vector<std::string>{"WwW.ExAmPlE.cOm.VALIDATION.example.NET.\tIN\tTXT"});
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"WwW.ExAmPlE.cOm.VALIDATION.example.NET.\t60\tIN\tTXT\t\"v\""});
}

TEST_CASE("a store view that failed to renew makes SERVFAIL wherever the store is needed",
          "[dns][answer]") {
    AnswerFixture f(extra_zone);
    f.put_value("www.example.com", "v");
    f.fail_renew = true;
    for (const auto& spec :
         {txt_at(target("www.example.com")), txt_at(target("nobody.example")),
          QuerySpec{.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_SOA},
          QuerySpec{.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_MX},
          txt_at("deep.validation.example.net.")}) {
        CAPTURE(spec.qname, spec.qtype);
        const auto pkt = f.ask(spec);
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_SERVFAIL);
        CHECK_FALSE(ldns_pkt_aa(pkt.get()));
        CHECK(ldns_pkt_ancount(pkt.get()) == 0);
    }
    // Static answers need no store.
    const auto ns = f.ask({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_NS});
    CHECK(rcode_of(ns.get()) == LDNS_RCODE_NOERROR);
    CHECK(ldns_pkt_ancount(ns.get()) == 1);
}
