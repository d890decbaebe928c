// unit/dns/server_tcp_test.cpp: the TCP transport of dns::Server (RFC 7766) over loopback, with
// the real answer logic, store and zone: framing, pipelining, idle timeout, caps, stop.
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include "server_test_fixture.hpp"
#include "support/response_check.hpp"
#include "support/tcp_frame.hpp"

namespace dcvd::dns::test {
namespace {

/// Reads one response and checks it against `query`.
Bytes expect_response(TcpClient& client, const Bytes& query) {
    auto response = client.read_message();
    REQUIRE(response);
    DCVD_REQUIRE_VALID_RESPONSE(query, *response, dcvd::test::tcp_limit);
    return *response;
}

const std::vector<std::string> token{"\"token-1\""};

} // namespace

TEST_CASE("a TCP query is answered and counted (RFC 7766)", "[server][tcp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    for (const int family : {AF_INET, AF_INET6}) {
        TcpClient client(fixture.endpoint("tcp", family));
        const auto query = txt_query(target("www.example.com"));
        client.send_message(query);
        CHECK(answer_texts(expect_response(client, query)) == token);
    }
    fixture.server().stop();
    CHECK(fixture.server().stats().tcp_queries == 2);
    CHECK(fixture.server().stats().udp_queries == 0);
}

TEST_CASE("pipelined queries in one segment are all answered, in order (RFC 7766 §6.2.1.1)",
          "[server][tcp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    fixture.put_value("other.example.com", "token-2");
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto first = txt_query(target("www.example.com"), 1);
    const auto second = txt_query(target("other.example.com"), 2);
    auto both = dcvd::test::tcp_framed(first);
    const auto second_framed = dcvd::test::tcp_framed(second);
    both.insert(both.end(), second_framed.begin(), second_framed.end());
    client.send_raw(both);

    CHECK(answer_texts(expect_response(client, first)) == token);
    CHECK(answer_texts(expect_response(client, second)) == std::vector<std::string>{"\"token-2\""});
}

TEST_CASE("a message split across segments is reassembled (RFC 7766 §8)", "[server][tcp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto sync = txt_query(target("www.example.com"), 1);
    const auto split = txt_query(target("www.example.com"), 2);
    const auto split_framed = dcvd::test::tcp_framed(split);
    // The server reads the start of the split message together with a whole query; once that
    // query's answer is back, the start has been read, and the rest comes in a later segment.
    const auto cut = GENERATE(as<std::size_t>{}, 1, 2, 9);
    auto segment = dcvd::test::tcp_framed(sync);
    segment.insert(segment.end(), split_framed.begin(),
                   split_framed.begin() + static_cast<std::ptrdiff_t>(cut));
    client.send_raw(segment);
    CHECK(answer_texts(expect_response(client, sync)) == token);

    client.send_raw(
        Bytes(split_framed.begin() + static_cast<std::ptrdiff_t>(cut), split_framed.end()));
    CHECK(answer_texts(expect_response(client, split)) == token);
}

TEST_CASE("an idle connection is closed after the idle timeout (RFC 7766 §6.2.3)",
          "[server][tcp]") {
    auto options = test_options();
    options.tcp_idle_timeout = std::chrono::milliseconds(200);
    ServerFixture fixture(options);
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto query = txt_query(target("www.example.com"));
    client.send_message(query);
    static_cast<void>(expect_response(client, query));
    CHECK(client.wait_for_close());
}

TEST_CASE("after the peer half-closes, the queries sent are answered, then the connection "
          "closes",
          "[server][tcp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto query = txt_query(target("www.example.com"));
    client.send_message(query);
    client.shutdown_write();
    CHECK(answer_texts(expect_response(client, query)) == token);
    CHECK(client.wait_for_close());
}

TEST_CASE("a zero-length message closes the connection after earlier answers", "[server][tcp]") {
    ServerFixture fixture;
    fixture.put_value("www.example.com", "token-1");
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto query = txt_query(target("www.example.com"));
    const auto after =
        dcvd::test::tcp_framed(txt_query(target("www.example.com"), 2)); // never answered
    auto bytes = dcvd::test::tcp_framed(query);
    bytes.insert(bytes.end(), {0, 0});
    bytes.insert(bytes.end(), after.begin(), after.end());
    client.send_raw(bytes);
    CHECK(answer_texts(expect_response(client, query)) == token);
    CHECK_FALSE(client.read_message());
    CHECK(client.wait_for_close());
}

TEST_CASE("connections over the cap per worker are closed at accept while the first ones still "
          "answer",
          "[server][tcp]") {
    auto options = test_options();
    options.tcp_max_connections = 2;
    ServerFixture fixture(options);
    fixture.put_value("www.example.com", "token-1");
    const auto query = txt_query(target("www.example.com"));

    // The kernel completes every handshake; each worker accepts its first two.
    constexpr std::size_t opened = 12;
    std::vector<std::unique_ptr<TcpClient>> clients;
    for (std::size_t i = 0; i < opened; ++i) {
        clients.push_back(std::make_unique<TcpClient>(fixture.endpoint("tcp", AF_INET)));
    }
    std::vector<TcpClient*> served;
    std::size_t closed = 0;
    for (auto& client : clients) {
        client->send_message(query);
        if (auto response = client->read_message()) {
            CHECK(answer_texts(*response) == token);
            served.push_back(client.get());
        } else {
            CHECK(client->wait_for_close());
            ++closed;
        }
    }
    // 2 workers × 2; at least one worker got 6 of the 12 connections and serves 2 of them.
    CHECK(served.size() <= 4);
    CHECK(served.size() >= 2);
    CHECK(served.size() + closed == opened);
    for (TcpClient* client : served) {
        client->send_message(query);
        CHECK(answer_texts(expect_response(*client, query)) == token);
    }
    fixture.server().stop();
    CHECK(fixture.server().stats().tcp_rejected == closed);
}

TEST_CASE("stop() closes open TCP connections and returns", "[server][tcp]") {
    ServerFixture fixture;
    TcpClient client(fixture.endpoint("tcp", AF_INET));
    const auto query = txt_query(target("www.example.com"));
    client.send_message(query);
    static_cast<void>(expect_response(client, query)); // accepted and being served
    fixture.server().stop();
    CHECK(client.wait_for_close());
}

} // namespace dcvd::dns::test
