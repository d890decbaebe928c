// unit/wire/writer_test.cpp: responses we write parse in ldns to what we meant; owner names are
// compressed against the question; nothing is ever written past the buffer.
#include <catch2/catch.hpp>

#include <array>

#include "dcvd/wire/edns.hpp"
#include "dcvd/wire/header.hpp"
#include "dcvd/wire/writer.hpp"
#include "support/test_message.hpp"

using namespace dcvd;
using namespace dcvd::test;

namespace {

wire::Name name(std::string_view text) {
    wire::Name out;
    REQUIRE(wire::Name::from_text(text, out));
    return out;
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

constexpr std::uint16_t txt = LDNS_RR_TYPE_TXT;
constexpr std::array<std::uint8_t, 4> address{192, 0, 2, 53};

// Writes an A record at `owner` and returns how its owner name came out on the wire.
std::vector<std::uint8_t> owner_as_written(wire::ResponseWriter& out,
                                           std::span<const std::uint8_t> buffer,
                                           wire::Section section, std::string_view owner) {
    const std::size_t start = out.size();
    REQUIRE(out.rr(section, name(owner), LDNS_RR_TYPE_A, 1, {address}));
    const std::size_t rr_fixed = 10 + address.size(); // type, class, TTL, rdlength, rdata
    return {buffer.begin() + static_cast<std::ptrdiff_t>(start),
            buffer.begin() + static_cast<std::ptrdiff_t>(out.size() - rr_fixed)};
}

} // namespace

TEST_CASE("a response we write parses in ldns to the records we meant", "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("Www.Example.Net.");
    out.set_id(0xCAFE);
    out.set_flags(wire::flag::qr | wire::flag::aa | wire::flag::rd);
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    const std::array<std::uint8_t, 1> length{5};
    REQUIRE(out.rr(wire::Section::Answer, qname, txt, 60, {length, bytes_of("hello")}));
    REQUIRE(out.rr(wire::Section::Authority, name("example.net."), LDNS_RR_TYPE_A, 300, {address}));
    REQUIRE(out.rr(wire::Section::Additional, name("ns1.example.net."), LDNS_RR_TYPE_A, 3600,
                   {address}));
    REQUIRE(out.opt(1232, 0, 0, false));
    const std::size_t size = out.finish();

    const LdnsPkt pkt = parse(std::span(buffer).first(size));
    REQUIRE(pkt);
    CHECK(ldns_pkt_id(pkt.get()) == 0xCAFE);
    CHECK(ldns_pkt_qr(pkt.get()));
    CHECK(ldns_pkt_aa(pkt.get()));
    CHECK(ldns_pkt_rd(pkt.get()));
    CHECK_FALSE(ldns_pkt_tc(pkt.get()));
    CHECK(texts(ldns_pkt_question(pkt.get())) ==
          std::vector<std::string>{"Www.Example.Net.\tIN\tTXT"});
    // Owners come back in the question's case where they were compressed against it.
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"Www.Example.Net.\t60\tIN\tTXT\t\"hello\""});
    CHECK(texts(ldns_pkt_authority(pkt.get())) ==
          std::vector<std::string>{"Example.Net.\t300\tIN\tA\t192.0.2.53"});
    CHECK(texts(ldns_pkt_additional(pkt.get())) ==
          std::vector<std::string>{"ns1.Example.Net.\t3600\tIN\tA\t192.0.2.53"});
    CHECK(ldns_pkt_edns(pkt.get()));
    CHECK(ldns_pkt_edns_udp_size(pkt.get()) == 1232);
    CHECK(ldns_pkt_edns_version(pkt.get()) == 0);
    CHECK_FALSE(ldns_pkt_edns_do(pkt.get()));
}

TEST_CASE("an owner equal to the question name is a pointer to offset 12 (RFC 1035 §4.1.4)",
          "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    const std::size_t start = out.size();
    REQUIRE(out.rr(wire::Section::Answer, qname, LDNS_RR_TYPE_A, 1, {address}));
    CHECK(out.size() - start == 2 + 10 + 4);
    CHECK(buffer[start] == 0xC0);
    CHECK(buffer[start + 1] == 12);
}

TEST_CASE("an owner under the apex points at the apex inside the question", "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    CHECK(owner_as_written(out, buffer, wire::Section::Authority, "example.net.") ==
          std::vector<std::uint8_t>{0xC0, 12 + 4}); // past the "www" label
    CHECK(owner_as_written(out, buffer, wire::Section::Additional, "NS1.example.net.") ==
          std::vector<std::uint8_t>{3, 'N', 'S', '1', 0xC0, 16});
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(texts(ldns_pkt_additional(pkt.get())) ==
          std::vector<std::string>{"NS1.example.net.\t1\tIN\tA\t192.0.2.53"});
}

TEST_CASE("owners match the question's labels whatever their case (RFC 4343 §3, RFC 1035 §4.1.4)",
          "[wire][writer]") {
    // Resolvers and CAs send 0x20-randomized case; the zone's owners are lower case.
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("wWw.ExAmPle.NET.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    CHECK(owner_as_written(out, buffer, wire::Section::Answer, "www.example.net.") ==
          std::vector<std::uint8_t>{0xC0, 12});
    CHECK(owner_as_written(out, buffer, wire::Section::Authority, "example.net.") ==
          std::vector<std::uint8_t>{0xC0, 12 + 4});
    // A sibling: its own label in full, then the shared labels by pointer (the label walk).
    CHECK(owner_as_written(out, buffer, wire::Section::Additional, "ns1.EXAMPLE.net.") ==
          std::vector<std::uint8_t>{3, 'n', 's', '1', 0xC0, 16});
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    // The pointers carry the question's spelling: the answer echoes the case asked.
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"wWw.ExAmPle.NET.\t1\tIN\tA\t192.0.2.53"});
}

TEST_CASE("an owner sharing no label with the question is written in full", "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    const std::size_t start = out.size();
    const auto owner = name("example.org.");
    REQUIRE(out.rr(wire::Section::Answer, owner, LDNS_RR_TYPE_A, 1, {address}));
    CHECK(out.size() - start == owner.size() + 10 + 4);
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"example.org.\t1\tIN\tA\t192.0.2.53"});
}

TEST_CASE("without a question, owners are written in full", "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    REQUIRE(out.rr(wire::Section::Answer, name("a.example.net."), LDNS_RR_TYPE_A, 1, {address}));
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(ldns_pkt_qdcount(pkt.get()) == 0);
    CHECK(texts(ldns_pkt_answer(pkt.get())) ==
          std::vector<std::string>{"a.example.net.\t1\tIN\tA\t192.0.2.53"});
}

TEST_CASE("a record that does not fit is refused whole and nothing is written past the buffer",
          "[wire][writer]") {
    // The writer gets the first 100 octets; the rest is a canary.
    std::array<std::uint8_t, 160> storage{};
    storage.fill(0xEE);
    wire::ResponseWriter out{std::span(storage).first(100)};
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN)); // 12 + 21 octets
    const std::array<std::uint8_t, 1> length{30};
    const std::string value(30, 'v');
    REQUIRE(out.rr(wire::Section::Answer, qname, txt, 1, {length, bytes_of(value)})); // 43 octets
    const std::size_t before = out.size();
    CHECK_FALSE(out.rr(wire::Section::Answer, qname, txt, 1, {length, bytes_of(value)}));
    CHECK(out.size() == before);
    CHECK(out.count(wire::Section::Answer) == 1);
    REQUIRE(out.rr(wire::Section::Answer, qname, LDNS_RR_TYPE_A, 1, {address})); // 16 octets fit
    CHECK(std::all_of(storage.begin() + 100, storage.end(), [](auto b) { return b == 0xEE; }));
    const LdnsPkt pkt = parse(std::span(storage).first(out.finish()));
    REQUIRE(pkt);
    CHECK(ldns_pkt_ancount(pkt.get()) == 2);
}

TEST_CASE("a reserved tail stays free for the OPT until released", "[wire][writer][edns]") {
    std::array<std::uint8_t, 64> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN)); // 33 octets
    REQUIRE(out.reserve(wire::opt_rr_size));
    const std::array<std::uint8_t, 1> length{8};
    // 2 + 10 + 9 = 21 octets would fit in the 31 left, but not beside the 11 reserved ones.
    CHECK_FALSE(out.rr(wire::Section::Answer, qname, txt, 1, {length, bytes_of("abcdefgh")}));
    const std::array<std::uint8_t, 1> shorter{7};
    CHECK(out.rr(wire::Section::Answer, qname, txt, 1, {shorter, bytes_of("abcdefg")}));
    out.release();
    REQUIRE(out.opt(512, 0, 0, false));
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(ldns_pkt_edns_udp_size(pkt.get()) == 512);
    CHECK_FALSE(wire::ResponseWriter(buffer).reserve(buffer.size()));
}

TEST_CASE("rollback forgets the records written after the mark", "[wire][writer]") {
    std::array<std::uint8_t, 512> buffer{};
    wire::ResponseWriter out(buffer);
    const auto qname = name("www.example.net.");
    REQUIRE(out.question(qname, txt, LDNS_RR_CLASS_IN));
    const auto mark = out.mark();
    REQUIRE(out.rr(wire::Section::Answer, qname, LDNS_RR_TYPE_A, 1, {address}));
    REQUIRE(out.rr(wire::Section::Authority, qname, LDNS_RR_TYPE_A, 1, {address}));
    out.rollback(mark);
    CHECK(out.count(wire::Section::Answer) == 0);
    CHECK(out.count(wire::Section::Authority) == 0);
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(ldns_pkt_ancount(pkt.get()) == 0);
    CHECK(ldns_pkt_nscount(pkt.get()) == 0);
}

TEST_CASE("the OPT carries the extended RCODE's upper bits, the version and DO "
          "(RFC 6891 §6.1.3)",
          "[wire][writer][edns]") {
    std::array<std::uint8_t, 64> buffer{};
    wire::ResponseWriter out(buffer);
    REQUIRE(out.opt(4096, 1, 0, true));
    const LdnsPkt pkt = parse(std::span(buffer).first(out.finish()));
    REQUIRE(pkt);
    CHECK(ldns_pkt_edns_extended_rcode(pkt.get()) == 1);
    CHECK(ldns_pkt_edns_do(pkt.get()));
    CHECK(ldns_pkt_edns_udp_size(pkt.get()) == 4096);
}
