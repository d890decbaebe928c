// unit/dns/server_udp_test.cpp: the UDP transport of dns::Server over loopback, with the real
// answer logic, store and zone: IPv4 and IPv6, bursts, wildcard sources, fresh data per batch.
#include <netinet/in.h>

#include <set>

#include <catch2/catch.hpp>

#include "server_test_fixture.hpp"
#include "support/response_check.hpp"

namespace dcvd::dns::test {
namespace {

constexpr std::uint16_t edns_payload = 1232;

/// Sends one TXT query for `name` and returns the checked response.
Bytes ask(UdpClient& client, const std::string& name, std::uint16_t id = 0x4242) {
    const auto query = txt_query(name, id);
    client.send(query);
    auto response = client.receive();
    REQUIRE(response);
    DCVD_REQUIRE_VALID_RESPONSE(query, *response, dcvd::test::udp_limit(query, edns_payload));
    return *response;
}

std::uint8_t rcode_of(const Bytes& response) {
    REQUIRE(response.size() >= 4);
    return response[3] & 0x0FU;
}

} // namespace

TEST_CASE("a UDP query over IPv4 gets the target's values and is counted", "[server][udp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    UdpClient client(fixture.endpoint("udp", AF_INET));

    const auto response = ask(client, target("www.example.com"));
    CHECK(answer_texts(response) == std::vector<std::string>{"\"token-1\""});

    fixture.server().stop(); // joined workers: the counters are exact
    const auto stats = fixture.server().stats();
    CHECK(stats.udp_queries == 1);
    CHECK(stats.tcp_queries == 0);
    CHECK(stats.by_rcode[0] == 1);
    CHECK(stats.dropped == 0);
}

TEST_CASE("a UDP query over IPv6 is answered", "[server][udp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-6");
    UdpClient client(fixture.endpoint("udp", AF_INET6));

    const auto response = ask(client, target("www.example.com"));
    CHECK(answer_texts(response) == std::vector<std::string>{"\"token-6\""});
}

TEST_CASE("UDP and TCP of one listen address share one port", "[server][udp]") {
    ServerFixture fixture;
    for (const int family : {AF_INET, AF_INET6}) {
        const auto udp = fixture.endpoint("udp", family);
        CHECK(udp.port() != 0);
        CHECK(udp.to_string() == fixture.endpoint("tcp", family).to_string());
    }
}

TEST_CASE("start() fails naming the address it cannot bind, or cannot parse", "[server]") {
    ServerFixture fixture;
    auto options = test_options();
    options.listen = {"127.0.0.1:0", "192.0.2.1:0"}; // RFC 5737: not an address of this host
    Server unbindable(options, fixture.env(), fixture.zones());
    const auto failed = unbindable.start();
    REQUIRE_FALSE(failed);
    CHECK_THAT(failed.error().message, Catch::Contains("192.0.2.1:0") &&
                                           Catch::Contains("Cannot assign requested address"));
    CHECK(unbindable.bound().empty());

    options.listen = {"localhost:53"};
    Server unparsable(options, fixture.env(), fixture.zones());
    const auto refused = unparsable.start();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == base::ErrorCode::Invalid);
    CHECK_THAT(refused.error().message, Catch::Contains("localhost:53"));
}

TEST_CASE("a burst of UDP queries from one socket is answered in full", "[server][udp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    UdpClient client(fixture.endpoint("udp", AF_INET));
    // Several recvmmsg batches' worth, all sent before any response is read.
    constexpr std::uint16_t count = 3 * 64 + 7;
    for (std::uint16_t id = 1; id <= count; ++id) {
        client.send(txt_query(target("www.example.com"), id));
    }
    std::set<std::uint16_t> answered;
    while (answered.size() < count) {
        const auto response = client.receive();
        REQUIRE(response);
        CHECK(answer_texts(*response) == std::vector<std::string>{"\"token-1\""});
        answered.insert(message_id(*response));
    }
    CHECK(*answered.begin() == 1);
    CHECK(*answered.rbegin() == count);
}

TEST_CASE("a value committed to the store is served by the next query", "[server][udp]") {
    ServerFixture fixture;
    UdpClient client(fixture.endpoint("udp", AF_INET));
    CHECK(rcode_of(ask(client, target("new.example.com"))) == 3); // NXDOMAIN

    fixture.put_value("new.example.com", "fresh");
    const auto response = ask(client, target("new.example.com"));
    CHECK(rcode_of(response) == 0);
    CHECK(answer_texts(response) == std::vector<std::string>{"\"fresh\""});
}

TEST_CASE("a zone published through ZoneSlot is used by the next query", "[server][udp]") {
    ServerFixture fixture;
    fixture.zones().publish(make_zone("info IN TXT \"first\"\n"));
    UdpClient client(fixture.endpoint("udp", AF_INET));
    const std::string info = "info." + std::string(store::test::apex);
    CHECK(answer_texts(ask(client, info)) == std::vector<std::string>{"\"first\""});

    fixture.zones().publish(make_zone("info IN TXT \"second\"\n"));
    CHECK(answer_texts(ask(client, info)) == std::vector<std::string>{"\"second\""});
}

TEST_CASE("on a wildcard address a UDP reply leaves from the address the query was sent to",
          "[server][udp]") {
    auto options = test_options();
    options.listen = {"0.0.0.0:0"};
    ServerFixture fixture(options);
    fixture.put_value("www.example.com", "token-1");
    // 127.0.0.2 is local too, but routing would answer a 127.0.0.1 peer from 127.0.0.1; the
    // connected client accepts datagrams from 127.0.0.2 only.
    auto second = uv::Endpoint::parse("127.0.0.2:0");
    REQUIRE(second);
    second->set_port(fixture.endpoint("udp", AF_INET).port());
    UdpClient client(*second);

    CHECK(answer_texts(ask(client, target("www.example.com"))) ==
          std::vector<std::string>{"\"token-1\""});
}

} // namespace dcvd::dns::test
