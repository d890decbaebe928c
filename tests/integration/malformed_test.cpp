// integration/malformed_test.cpp: queries the server must refuse without falling over: FORMERR
// for malformed messages, NOTIMP for opcodes other than QUERY, silence for responses (QR=1).
// Every case is followed by a normal query proving the server still answers.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "test_server.hpp"

namespace dcvd::integration {
namespace {

constexpr std::uint16_t malformed_id = 0xbeef;

/// A query header: ID, flags with RD set, and the four section counts.
Bytes header(std::uint16_t qdcount) {
    return {static_cast<std::uint8_t>(malformed_id >> 8),
            static_cast<std::uint8_t>(malformed_id & 0xFF),
            0x01,
            0x00,
            static_cast<std::uint8_t>(qdcount >> 8),
            static_cast<std::uint8_t>(qdcount & 0xFF),
            0,
            0,
            0,
            0,
            0,
            0};
}

Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// The target of www.example.com, uncompressed.
const Bytes target_name = [] {
    Bytes name;
    for (const std::string label : {"www", "example", "com", "validation", "example", "net"}) {
        name.push_back(static_cast<std::uint8_t>(label.size()));
        name.insert(name.end(), label.begin(), label.end());
    }
    name.push_back(0);
    return name;
}();

const Bytes type_txt_class_in{0x00, 0x10, 0x00, 0x01};

struct MalformedCase {
    const char* what;
    Bytes message;
};

std::vector<MalformedCase> formerr_cases() {
    const Bytes question = target_name + type_txt_class_in;
    Bytes long_label{64};
    long_label.insert(long_label.end(), 64, 'a');
    long_label.push_back(0);
    return {
        {"QDCOUNT=0", header(0)},
        {"QDCOUNT=0 with a question present", header(0) + question},
        {"QDCOUNT=2", header(2) + question + question},
        {"question cut inside a label",
         header(1) + Bytes(target_name.begin(), target_name.begin() + 9)},
        {"question without QTYPE and QCLASS", header(1) + target_name},
        {"question without QCLASS", header(1) + target_name + Bytes{0x00, 0x10}},
        {"label of 64 octets", header(1) + long_label + type_txt_class_in},
        {"compression pointer to itself", header(1) + Bytes{0xC0, 0x0C} + type_txt_class_in},
        // "a", then a pointer to offset 20, which points back to the name at offset 12.
        {"compression pointers looping through two places",
         header(1) + Bytes{0x01, 'a', 0xC0, 0x14} + type_txt_class_in + Bytes{0xC0, 0x0C}},
        // RFC 1035 §4.1.4: a pointer refers to a prior occurrence; this one points forward, at a
        // well-formed name after the question.
        {"forward compression pointer",
         header(1) + Bytes{0xC0, 0x12} + type_txt_class_in + Bytes{0x03, 'f', 'o', 'o', 0x00}},
        {"compression pointer past the end", header(1) + Bytes{0xC0, 0xFF} + type_txt_class_in},
    };
}

} // namespace

TEST_CASE("Malformed queries get FORMERR and the server keeps answering (RFC 1035 §4.1.1)",
          "[integration][malformed]") {
    TestServer server;
    for (const auto& [what, message] : formerr_cases()) {
        INFO("malformed query: " << what);
        const auto wire = server.udp_exchange(message);
        REQUIRE(wire);
        const auto response = checked_response(message, *wire, Transport::Udp);
        CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_FORMERR);
        CHECK(ldns_pkt_ancount(response.get()) == 0);
        server.require_answering();
    }
}

TEST_CASE("Malformed queries over TCP get FORMERR and the server keeps answering "
          "(RFC 1035 §4.1.1, RFC 7766 §8)",
          "[integration][malformed][tcp]") {
    TestServer server;
    for (const auto& [what, message] : formerr_cases()) {
        INFO("malformed query: " << what);
        TcpClient client(server.tcp());
        REQUIRE(client.send_message(message));
        const auto wire = client.receive_message(reply_timeout);
        REQUIRE(wire);
        const auto response = checked_response(message, *wire, Transport::Tcp);
        CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_FORMERR);
        const auto normal = server.tcp_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
        CHECK(ldns_pkt_get_rcode(normal.get()) == LDNS_RCODE_NOERROR);
    }
}

TEST_CASE("Opcodes other than QUERY get NOTIMP (RFC 1035 §4.1.1)", "[integration][malformed]") {
    TestServer server;
    const auto opcode = GENERATE(LDNS_PACKET_STATUS, LDNS_PACKET_UPDATE);
    INFO("opcode " << static_cast<int>(opcode));
    const QuerySpec spec{.name = zone_apex, .type = LDNS_RR_TYPE_SOA, .opcode = opcode};
    const Bytes query = make_query(spec);
    const auto wire = server.udp_exchange(query);
    REQUIRE(wire);
    const auto response = checked_response(query, *wire, Transport::Udp);
    CHECK(ldns_pkt_get_opcode(response.get()) == opcode);
    CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOTIMPL);
    CHECK(ldns_pkt_ancount(response.get()) == 0);
    server.require_answering();
}

TEST_CASE("A message with QR=1 gets no reply (RFC 1035 §4.1.1: it is a response)",
          "[integration][malformed]") {
    TestServer server;
    const QuerySpec spec{.name = zone_apex, .type = LDNS_RR_TYPE_SOA};
    Bytes response_like = make_query(spec);
    response_like[2] |= 0x80; // QR
    UdpClient client(server.udp());
    client.send(response_like);
    CHECK_FALSE(client.receive(silence_timeout));

    // The same socket still gets answers, and only to the query.
    const QuerySpec normal{.name = zone_apex, .type = LDNS_RR_TYPE_SOA};
    const Bytes query = make_query(normal);
    client.send(response_like);
    client.send(query);
    const auto wire = client.receive(reply_timeout);
    REQUIRE(wire);
    const auto response = checked_response(query, *wire, Transport::Udp);
    CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOERROR);
    CHECK_FALSE(client.receive(silence_timeout));
}

TEST_CASE("Datagrams too short for a header are dropped", "[integration][malformed]") {
    TestServer server;
    for (const Bytes& runt : {Bytes{}, Bytes{0x12}, Bytes{0x12, 0x34, 0x01, 0x00, 0x00}}) {
        INFO("datagram of " << runt.size() << " octets");
        CHECK_FALSE(server.udp_exchange(runt, silence_timeout));
        server.require_answering();
    }
}

} // namespace dcvd::integration
