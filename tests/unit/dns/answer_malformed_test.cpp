// unit/dns/answer_malformed_test.cpp: what is dropped, what is FORMERR and what is NOTIMP
// (DESIGN.md §4: malformed queries get FORMERR or are dropped, never a crash).
#include <catch2/catch.hpp>

#include "answer_fixture.hpp"

using namespace dcvd;
using namespace dcvd::dns::test;
using dcvd::test::header_bytes;
using dcvd::test::put16;
using dcvd::test::put_name;
using dcvd::test::put_opt;

namespace {

/// A hand-built query: header with these counts, then the question www.validation.example.net.
Bytes query_with(std::uint16_t flags, std::uint16_t qdcount, std::uint16_t arcount = 0) {
    Bytes message = header_bytes(0x5151, flags, qdcount, 0, 0, arcount);
    put_name(message, "www.validation.example.net.");
    put16(message, LDNS_RR_TYPE_TXT);
    put16(message, LDNS_RR_CLASS_IN);
    return message;
}

LdnsPkt parsed(const Bytes& response) {
    LdnsPkt pkt = dcvd::test::parse(response);
    REQUIRE(pkt);
    return pkt;
}

/// A FORMERR that echoes the ID, and the question only when `with_question`.
void require_formerr(AnswerFixture& f, const Bytes& query, bool with_question) {
    const LdnsPkt pkt = parsed(f.ask(query));
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_FORMERR);
    CHECK(ldns_pkt_id(pkt.get()) == ((query[0] << 8) | query[1]));
    CHECK(ldns_pkt_qdcount(pkt.get()) == (with_question ? 1 : 0));
    CHECK(ldns_pkt_ancount(pkt.get()) == 0);
    CHECK_FALSE(ldns_pkt_aa(pkt.get()));
    CHECK(f.info().rcode == LDNS_RCODE_FORMERR);
    CHECK_FALSE(f.info().dropped);
}

} // namespace

TEST_CASE("a message with QR set is dropped: a response is never sent to a response",
          "[dns][answer][malformed]") {
    AnswerFixture f;
    CHECK(f.ask(query_with(0x8000, 1)).empty());
    CHECK(f.info().dropped);
    CHECK(f.ask(query_with(0x8000 | 0x2000, 1)).empty()); // even with another opcode
}

TEST_CASE("a message shorter than a header is dropped", "[dns][answer][malformed]") {
    AnswerFixture f;
    for (std::size_t size = 0; size < 12; ++size) {
        const Bytes stub(size, 0);
        CAPTURE(size);
        CHECK(f.ask(stub).empty());
        CHECK(f.info().dropped);
    }
}

TEST_CASE("a buffer below the transport's minimum gets nothing written", "[dns][answer]") {
    AnswerFixture f;
    const Bytes query = query_with(0, 1);
    Bytes small(dns::max_udp_response - 1);
    dns::AnswerInfo info;
    CHECK(dns::answer(query, small, dns::Transport::Udp, f.context, info) == 0);
    CHECK(info.dropped);
}

TEST_CASE("opcodes other than QUERY get NOTIMP with the question echoed (RFC 1035 §4.1.1)",
          "[dns][answer][malformed]") {
    AnswerFixture f;
    for (const int opcode : {1, 2, 3, 4, 5, 6, 15}) {
        CAPTURE(opcode);
        const Bytes response = f.ask(query_with(static_cast<std::uint16_t>(opcode << 11), 1));
        const LdnsPkt pkt = parsed(response);
        CHECK(rcode_of(pkt.get()) == LDNS_RCODE_NOTIMPL);
        // Read off the octets: ldns's opcode enum cannot hold 15 (UBSan rejects the load).
        CHECK(((response[2] >> 3U) & 0xFU) == static_cast<unsigned>(opcode));
        CHECK(ldns_pkt_qdcount(pkt.get()) == 1);
        CHECK_FALSE(ldns_pkt_aa(pkt.get()));
    }
}

TEST_CASE("QDCOUNT 0 or 2 is FORMERR without a question (RFC 9619)", "[dns][answer][malformed]") {
    AnswerFixture f;
    require_formerr(f, header_bytes(7, 0, 0), false);
    Bytes two = query_with(0, 2);
    put_name(two, "x.validation.example.net.");
    put16(two, LDNS_RR_TYPE_A);
    put16(two, LDNS_RR_CLASS_IN);
    require_formerr(f, two, false);
}

TEST_CASE("a FORMERR keeps the OPT of a query whose OPT was valid", "[dns][answer][edns]") {
    AnswerFixture f;
    Bytes no_question = header_bytes(9, 0, 0, 0, 0, 1);
    put_opt(no_question, 1400);
    const LdnsPkt pkt = parsed(f.ask(no_question));
    CHECK(rcode_of(pkt.get()) == LDNS_RCODE_FORMERR);
    CHECK(ldns_pkt_edns(pkt.get()));
    CHECK(ldns_pkt_edns_udp_size(pkt.get()) == 1232);
}

TEST_CASE("a truncated question is FORMERR echoing only the ID", "[dns][answer][malformed]") {
    AnswerFixture f;
    const Bytes full = query_with(0, 1);
    for (std::size_t size = 13; size < full.size(); ++size) {
        CAPTURE(size);
        require_formerr(f, Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)),
                        false);
    }
}

TEST_CASE("bad labels and pointers in the question are FORMERR", "[dns][answer][malformed]") {
    AnswerFixture f;
    const std::vector<Bytes> names{
        {0x40, 'a', 0},        // extended label type
        {0x80, 'a', 0},        // reserved label type
        {0xC0, 14, 1, 'a', 0}, // forward pointer
        {0xC0, 12},            // pointer to itself
        {0xC0, 2},             // pointer into the header
    };
    for (const auto& name : names) {
        Bytes message = header_bytes(3, 0, 1);
        message.insert(message.end(), name.begin(), name.end());
        put16(message, LDNS_RR_TYPE_TXT);
        put16(message, LDNS_RR_CLASS_IN);
        CAPTURE(name);
        require_formerr(f, message, false);
    }
}

TEST_CASE("a bad record after a good question is FORMERR echoing the question",
          "[dns][answer][malformed]") {
    AnswerFixture f;
    Bytes message = query_with(0, 1, 1);
    message.insert(message.end(), {0xC0, 40}); // a pointer forward, past the end
    require_formerr(f, message, true);
}

TEST_CASE("two OPTs are FORMERR without an OPT (RFC 6891 §6.1.1)", "[dns][answer][edns]") {
    AnswerFixture f;
    Bytes message = query_with(0, 1, 2);
    put_opt(message, 1232);
    put_opt(message, 1232);
    require_formerr(f, message, true);
    CHECK_FALSE(ldns_pkt_edns(parsed(f.ask(message)).get()));
}

TEST_CASE("an OPT owned by another name than the root is FORMERR (RFC 6891 §6.1.2)",
          "[dns][answer][edns]") {
    AnswerFixture f;
    Bytes message = query_with(0, 1, 1);
    Bytes opt;
    put_opt(opt, 1232);
    message.insert(message.end(), {0xC0, 12});
    message.insert(message.end(), opt.begin() + 1, opt.end());
    require_formerr(f, message, true);
}
