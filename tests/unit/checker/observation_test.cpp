// tests/unit/checker/observation_test.cpp: one reply read for one name — aliases (CNAME, and
// DNAME per RFC 6672), records, absence (RFC 2308), and what is no evidence at all.
#include <string>

#include <catch2/catch.hpp>

#include "observation.hpp"
#include "reply_builder.hpp"

namespace dcvd::checker {
namespace {

using test::reply;
using test::ReplySpec;

const std::string challenge = "_acme-challenge.www.example.com.";

NameObservation observe(const std::string& name, ldns_rr_type type, const ReplySpec& spec,
                        bool require_authoritative = true) {
    const auto packet = reply(name, type, spec);
    return observe_name(*packet, name, type, require_authoritative);
}

} // namespace

TEST_CASE("a CNAME at the name is an alias, its target lower-cased", "[checker][observation]") {
    const auto seen = observe(
        challenge, LDNS_RR_TYPE_TXT,
        {.answer = {
             "_ACME-challenge.www.example.com. CNAME WWW.Example.COM.Validation.Provider.NET."}});
    CHECK(seen.answer == NameAnswer::Alias);
    CHECK(seen.target == "www.example.com.validation.provider.net.");
}

TEST_CASE("with a CNAME the rcode speaks of the chain's end, not the name (RFC 6604 §2.1)",
          "[checker][observation]") {
    const auto seen =
        observe(challenge, LDNS_RR_TYPE_TXT,
                {.rcode = LDNS_RCODE_NXDOMAIN,
                 .answer = {"_acme-challenge.www.example.com. CNAME gone.example.com."}});
    CHECK(seen.answer == NameAnswer::Alias);
    CHECK(seen.target == "gone.example.com.");
}

TEST_CASE("a DNAME above the name substitutes its suffix (RFC 6672 §2.2)",
          "[checker][observation]") {
    const auto seen =
        observe(challenge, LDNS_RR_TYPE_TXT, {.answer = {"example.com. DNAME example.net."}});
    CHECK(seen.answer == NameAnswer::Alias);
    CHECK(seen.target == "_acme-challenge.www.example.net.");
    // A DNAME at the name itself does not apply to it (only to names below).
    const auto at =
        observe("example.com.", LDNS_RR_TYPE_TXT, {.answer = {"example.com. DNAME example.net."}});
    CHECK(at.answer == NameAnswer::Absent);
}

TEST_CASE("a DNAME whose substitution is too long for a name is no evidence",
          "[checker][observation]") {
    const std::string label(63, 'a');
    const std::string deep = label + "." + label + "." + label + ".x.example.com."; // 207 octets
    const std::string target = "example.com. DNAME " + label + ".example.net.";
    const auto seen = observe(deep, LDNS_RR_TYPE_TXT, {.answer = {target.c_str()}});
    CHECK(seen.answer == NameAnswer::Unknown);
    CHECK(seen.detail == "DNAME substitution overflows the name");
}

TEST_CASE("records of the asked type at the name are counted; A and AAAA addresses read",
          "[checker][observation]") {
    const auto txt = observe(challenge, LDNS_RR_TYPE_TXT,
                             {.answer = {"_acme-challenge.www.example.com. TXT \"a\"",
                                         "_acme-challenge.www.example.com. TXT \"b\""}});
    CHECK(txt.answer == NameAnswer::Records);
    CHECK(txt.records == 2);
    const auto v4 = observe(
        "www.example.com.", LDNS_RR_TYPE_A,
        {.answer = {"www.example.com. A 198.51.100.7", "other.example.com. A 203.0.113.1"}});
    REQUIRE(v4.answer == NameAnswer::Records);
    REQUIRE(v4.addresses.size() == 1);
    CHECK_FALSE(v4.addresses[0].is_v6);
    CHECK(v4.addresses[0].bytes[0] == 198);
    CHECK(v4.addresses[0].bytes[3] == 7);
    const auto v6 = observe("www.example.com.", LDNS_RR_TYPE_AAAA,
                            {.answer = {"www.example.com. AAAA 2001:db8::1"}});
    REQUIRE(v6.addresses.size() == 1);
    CHECK(v6.addresses[0].is_v6);
    CHECK(v6.addresses[0].bytes[15] == 1);
}

TEST_CASE("NXDOMAIN and NODATA from an authority are absence (RFC 2308 §2)",
          "[checker][observation]") {
    const char* soa = "example.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 900 "
                      "1209600 300";
    const auto nx =
        observe(challenge, LDNS_RR_TYPE_TXT, {.rcode = LDNS_RCODE_NXDOMAIN, .authority = {soa}});
    CHECK(nx.answer == NameAnswer::Absent);
    CHECK(nx.detail == "NXDOMAIN");
    const auto nodata = observe(challenge, LDNS_RR_TYPE_TXT,
                                {.answer = {"other.example.com. TXT \"x\""}, .authority = {soa}});
    CHECK(nodata.answer == NameAnswer::Absent);
    CHECK(nodata.detail == "NODATA");
}

TEST_CASE("SERVFAIL, REFUSED, lame servers and referrals are no evidence",
          "[checker][observation]") {
    CHECK(observe(challenge, LDNS_RR_TYPE_TXT, {.rcode = LDNS_RCODE_SERVFAIL}).detail ==
          "SERVFAIL");
    CHECK(observe(challenge, LDNS_RR_TYPE_TXT, {.rcode = LDNS_RCODE_REFUSED}).answer ==
          NameAnswer::Unknown);
    const auto lame = observe(
        challenge, LDNS_RR_TYPE_TXT,
        {.authoritative = false, .answer = {"_acme-challenge.www.example.com. CNAME x.example."}});
    CHECK(lame.answer == NameAnswer::Unknown);
    CHECK(lame.detail == "not authoritative");
    const auto referral =
        observe(challenge, LDNS_RR_TYPE_TXT,
                {.authoritative = false, .authority = {"www.example.com. NS ns.child.example."}});
    CHECK(referral.answer == NameAnswer::Unknown);
    CHECK(referral.detail == "referral (the name is in a zone below)");
}

TEST_CASE("a resolver's reply (no AA) is read as it is", "[checker][observation]") {
    const auto seen = observe(
        challenge, LDNS_RR_TYPE_TXT,
        {.authoritative = false, .answer = {"_acme-challenge.www.example.com. CNAME x.example."}},
        false);
    CHECK(seen.answer == NameAnswer::Alias);
    CHECK(seen.target == "x.example.");
}

TEST_CASE("asked for the CNAME itself, it is the alias", "[checker][observation]") {
    const auto seen = observe("www.example.com.", LDNS_RR_TYPE_CNAME,
                              {.answer = {"www.example.com. CNAME edge.provider.net."}});
    CHECK(seen.answer == NameAnswer::Alias);
    CHECK(seen.target == "edge.provider.net.");
}

TEST_CASE("a CNAME with empty data (RDLENGTH 0, as ldns accepts) is no evidence",
          "[checker][observation]") {
    auto packet = reply(challenge, LDNS_RR_TYPE_TXT, {});
    ldns_rr* empty = ldns_rr_new();
    ldns_rr_set_owner(empty, ldns_dname_new_frm_str(challenge.c_str()));
    ldns_rr_set_type(empty, LDNS_RR_TYPE_CNAME);
    ldns_rr_set_class(empty, LDNS_RR_CLASS_IN);
    ldns_pkt_push_rr(packet.get(), LDNS_SECTION_ANSWER, empty);
    const auto seen = observe_name(*packet, challenge, LDNS_RR_TYPE_TXT, true);
    CHECK(seen.answer == NameAnswer::Unknown);
    CHECK(seen.detail == "an alias without a target");
}

} // namespace dcvd::checker
