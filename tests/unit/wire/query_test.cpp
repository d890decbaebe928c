// unit/wire/query_test.cpp: the query parser agrees with ldns on what ldns writes, and refuses
// malformed questions and OPTs.
#include <catch2/catch.hpp>

#include "dcvd/wire/query.hpp"
#include "support/test_message.hpp"

using namespace dcvd;
using namespace dcvd::test;

namespace {

/// A query for www.example.net. TXT built by hand, with the given counts.
Bytes hand_query(std::uint16_t qdcount, std::uint16_t ancount, std::uint16_t nscount,
                 std::uint16_t arcount) {
    Bytes message = header_bytes(7, 0x0100, qdcount, ancount, nscount, arcount);
    put_name(message, "www.example.net.");
    put16(message, LDNS_RR_TYPE_TXT);
    put16(message, LDNS_RR_CLASS_IN);
    return message;
}

} // namespace

TEST_CASE("queries written by ldns parse to the header, question and EDNS ldns reads",
          "[wire][query]") {
    const std::vector<QuerySpec> specs{
        {.qname = "www.example.net."},
        {.qname = "WWW.Example.Net.", .qtype = LDNS_RR_TYPE_SOA, .rd = true},
        {.qname = "example.net.", .qtype = LDNS_RR_TYPE_ANY, .cd = true, .edns_payload = 1232},
        {.qname = ".", .qtype = LDNS_RR_TYPE_NS, .qclass = LDNS_RR_CLASS_CH, .id = 0},
        {.qname = "a.b.c.d.example.net.", .id = 0xFFFF, .edns_payload = 4096, .dnssec_ok = true},
        {.qname = "x.example.net.", .edns_payload = 100, .edns_version = 1},
    };
    for (const auto& spec : specs) {
        CAPTURE(spec.qname, spec.qtype);
        const Bytes message = make_query(spec);
        const LdnsPkt oracle = parse(message);
        REQUIRE(oracle);
        wire::Query query;
        REQUIRE(wire::parse_query(message, query) == wire::QueryStatus::Ok);

        CHECK(query.header.id == ldns_pkt_id(oracle.get()));
        CHECK(query.header.has(wire::flag::rd) == ldns_pkt_rd(oracle.get()));
        CHECK(query.header.has(wire::flag::cd) == ldns_pkt_cd(oracle.get()));
        CHECK(query.header.has(wire::flag::qr) == ldns_pkt_qr(oracle.get()));
        CHECK(wire::value(query.header.opcode()) == ldns_pkt_get_opcode(oracle.get()));

        REQUIRE(query.has_question);
        const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(oracle.get()), 0);
        CHECK(query.question.qname.to_text() == text(ldns_rr_owner(question)));
        CHECK(query.question.qtype == ldns_rr_get_type(question));
        CHECK(query.question.qclass == ldns_rr_get_class(question));

        CHECK(query.edns.present == ldns_pkt_edns(oracle.get()));
        if (query.edns.present) {
            CHECK(query.edns.udp_payload == ldns_pkt_edns_udp_size(oracle.get()));
            CHECK(query.edns.version == ldns_pkt_edns_version(oracle.get()));
            CHECK(query.edns.dnssec_ok == ldns_pkt_edns_do(oracle.get()));
            CHECK(query.edns.extended_rcode == ldns_pkt_edns_extended_rcode(oracle.get()));
        }
    }
}

TEST_CASE("a payload below 512 counts as 512 (RFC 6891 §6.2.5)", "[wire][query]") {
    wire::Query query;
    REQUIRE(wire::parse_query(make_query({.qname = "a.example.net.", .edns_payload = 100}),
                              query) == wire::QueryStatus::Ok);
    CHECK(query.edns.udp_payload == 100);
    CHECK(query.edns.effective_payload() == 512);
}

TEST_CASE("a message shorter than its header is Truncated", "[wire][query]") {
    const Bytes message{0x12, 0x34, 0, 0, 0, 1};
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Truncated);
    CHECK_FALSE(query.has_question);
}

TEST_CASE("a truncated question is Truncated and not echoed", "[wire][query]") {
    Bytes message = hand_query(1, 0, 0, 0);
    message.pop_back(); // QCLASS cut short
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Truncated);
    CHECK_FALSE(query.has_question);
    CHECK(query.header.id == 7);
}

TEST_CASE("QDCOUNT other than 1 is refused (RFC 9619) and no question is echoed", "[wire][query]") {
    wire::Query query;
    Bytes none = header_bytes(1, 0, 0);
    put_opt(none, 1232);
    none[11] = 1; // ARCOUNT
    CHECK(wire::parse_query(none, query) == wire::QueryStatus::QuestionCount);
    CHECK_FALSE(query.has_question);
    CHECK(query.edns.present); // the OPT was still found, so the FORMERR can carry one

    Bytes two = hand_query(2, 0, 0, 0);
    put_name(two, "other.example.net.");
    put16(two, LDNS_RR_TYPE_A);
    put16(two, LDNS_RR_CLASS_IN);
    REQUIRE(parse(two));
    CHECK(wire::parse_query(two, query) == wire::QueryStatus::QuestionCount);
    CHECK_FALSE(query.has_question);
}

TEST_CASE("records in the answer and authority sections are skipped by RDLENGTH", "[wire][query]") {
    Bytes message = hand_query(1, 1, 1, 1);
    for (int i = 0; i < 2; ++i) { // an A record at the question name, then a 5-octet unknown one
        message.insert(message.end(), {0xC0, 12});
        put16(message, i == 0 ? LDNS_RR_TYPE_A : 65280);
        put16(message, LDNS_RR_CLASS_IN);
        put16(message, 0);
        put16(message, 300);
        const std::uint16_t rdlength = i == 0 ? 4 : 5;
        put16(message, rdlength);
        message.resize(message.size() + rdlength, 0x7F);
    }
    put_opt(message, 1400);
    REQUIRE(parse(message));
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Ok);
    CHECK(query.question.qname.to_text() == "www.example.net.");
    CHECK(query.edns.present);
    CHECK(query.edns.udp_payload == 1400);
}

TEST_CASE("RDLENGTH alone ends a record, whatever its type (RFC 1035 §4.1.3) [fuzz_wire]",
          "[wire][query]") {
    // An A record whose RDLENGTH (15) holds an OPT's octets after its 4 address octets: ldns
    // reads A by structure and then takes those octets for an OPT; the message has no OPT.
    Bytes message = hand_query(1, 0, 0, 1);
    message.push_back(0); // root owner
    put16(message, LDNS_RR_TYPE_A);
    put16(message, LDNS_RR_CLASS_IN);
    put16(message, 0);
    put16(message, 300);
    Bytes inner;
    put_opt(inner, 4096);
    put16(message, static_cast<std::uint16_t>(4 + inner.size()));
    message.insert(message.end(), {192, 0, 2, 1});
    message.insert(message.end(), inner.begin(), inner.end());
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Ok);
    CHECK_FALSE(query.edns.present);
}

TEST_CASE("octets after the last record are ignored", "[wire][query]") {
    Bytes message = hand_query(1, 0, 0, 0);
    message.insert(message.end(), {1, 2, 3});
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Ok);
}

TEST_CASE("a bad name after the question fails the message but keeps the question",
          "[wire][query]") {
    Bytes message = hand_query(1, 0, 0, 1);
    message.insert(message.end(), {0x40, 0}); // extended label type in the additional owner
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::BadName);
    CHECK(query.has_question);
    CHECK_FALSE(query.edns.present);
}

TEST_CASE("a record cut short after the question is Truncated", "[wire][query]") {
    Bytes message = hand_query(1, 0, 0, 1);
    put_opt(message, 1232);
    message.pop_back();
    message.pop_back(); // RDLENGTH cut in half
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::Truncated);
    CHECK(query.has_question);
    CHECK_FALSE(query.edns.present);
}

TEST_CASE("two OPTs are refused (RFC 6891 §6.1.1)", "[wire][query][edns]") {
    Bytes message = hand_query(1, 0, 0, 2);
    put_opt(message, 1232);
    put_opt(message, 4096);
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::BadOpt);
    CHECK(query.has_question);
    CHECK_FALSE(query.edns.present);
}

TEST_CASE("an OPT not owned by the root is refused (RFC 6891 §6.1.2)", "[wire][query][edns]") {
    Bytes message = hand_query(1, 0, 0, 1);
    Bytes opt;
    put_opt(opt, 1232);
    message.insert(message.end(), {0xC0, 12}); // owner www.example.net. instead of the root
    message.insert(message.end(), opt.begin() + 1, opt.end());
    REQUIRE(parse(message));
    wire::Query query;
    CHECK(wire::parse_query(message, query) == wire::QueryStatus::BadOpt);
    CHECK_FALSE(query.edns.present);
}

TEST_CASE("an OPT in the answer or authority section is refused (RFC 6891 §6.1.1)",
          "[wire][query][edns]") {
    for (const bool in_answer : {true, false}) {
        Bytes message = hand_query(1, in_answer ? 1 : 0, in_answer ? 0 : 1, 0);
        put_opt(message, 1232);
        wire::Query query;
        CAPTURE(in_answer);
        CHECK(wire::parse_query(message, query) == wire::QueryStatus::BadOpt);
    }
}

TEST_CASE("EDNS options are skipped by their lengths (RFC 6891 §6.1.2)", "[wire][query][edns]") {
    // NSID (3) empty, then COOKIE (10) with an 8-octet client cookie.
    const Bytes options{0, 3, 0, 0, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    Bytes message = hand_query(1, 0, 0, 1);
    put_opt(message, 1232, 0, true, options);
    const LdnsPkt oracle = parse(message);
    REQUIRE(oracle);
    wire::Query query;
    REQUIRE(wire::parse_query(message, query) == wire::QueryStatus::Ok);
    CHECK(query.edns.present);
    CHECK(query.edns.dnssec_ok == ldns_pkt_edns_do(oracle.get()));
    CHECK(query.edns.udp_payload == ldns_pkt_edns_udp_size(oracle.get()));
}

TEST_CASE("an option running past the OPT's RDATA is refused", "[wire][query][edns]") {
    const std::vector<Bytes> broken{
        {0, 10, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8}, // length 9, 8 octets follow
        {0, 10, 0},                            // option header cut short
    };
    for (const auto& options : broken) {
        Bytes message = hand_query(1, 0, 0, 1);
        put_opt(message, 1232, 0, false, options);
        wire::Query query;
        CHECK(wire::parse_query(message, query) == wire::QueryStatus::BadOpt);
    }
}
