// integration/tcp_test.cpp: DNS over TCP per RFC 7766: pipelining, messages split across
// segments, the idle timeout, and the per-worker connection cap.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <vector>

#include "support/tcp_frame.hpp"
#include "test_server.hpp"
#include "wait.hpp"

namespace dcvd::integration {
namespace {

/// Sends one apex SOA query on `client` and REQUIREs a checked NOERROR response.
void require_answer_on(TcpClient& client) {
    const Bytes query = make_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
    REQUIRE(client.send_message(query));
    const auto wire = client.receive_message(reply_timeout);
    REQUIRE(wire);
    const auto response = checked_response(query, *wire, Transport::Tcp);
    REQUIRE(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOERROR);
}

} // namespace

TEST_CASE("Two queries pipelined in one write both get answers (RFC 7766 §6.2.1.1)",
          "[integration][tcp]") {
    TestServer server;
    server.txt_add("www.example.com", "pipelined-value");
    const QuerySpec first{.name = zone_apex, .type = LDNS_RR_TYPE_SOA};
    const QuerySpec second{.name = target_of("www.example.com")};
    const Bytes first_query = make_query(first);
    const Bytes second_query = make_query(second);
    Bytes both = test::tcp_framed(first_query);
    const Bytes second_framed = test::tcp_framed(second_query);
    both.insert(both.end(), second_framed.begin(), second_framed.end());

    TcpClient client(server.tcp());
    REQUIRE(client.send_raw(both));
    // RFC 7766 §7: responses may come in any order; match them by ID.
    std::set<std::uint16_t> answered;
    for (int i = 0; i < 2; ++i) {
        const auto wire = client.receive_message(reply_timeout);
        REQUIRE(wire);
        const auto id = static_cast<std::uint16_t>((*wire)[0] << 8 | (*wire)[1]);
        const auto& query = id == first.id ? first_query : second_query;
        const auto response = checked_response(query, *wire, Transport::Tcp);
        if (id == second.id) {
            CHECK(txt_values(*response) == std::vector<std::string>{"pipelined-value"});
        }
        answered.insert(id);
    }
    CHECK(answered == std::set<std::uint16_t>{first.id, second.id});
}

TEST_CASE("A length prefix split across two segments is reassembled (RFC 7766 §8)",
          "[integration][tcp]") {
    TestServer server;
    const QuerySpec spec{.name = zone_apex, .type = LDNS_RR_TYPE_NS};
    const Bytes query = test::tcp_framed(make_query(spec));
    TcpClient client(server.tcp());
    REQUIRE(client.send_raw(std::span(query).first(1)));
    // Nothing can be answered yet; the wait also lets the first octet leave as its own segment.
    CHECK_FALSE(client.is_readable(silence_timeout));
    REQUIRE(client.send_raw(std::span(query).subspan(1)));
    const auto wire = client.receive_message(reply_timeout);
    REQUIRE(wire);
    const auto response = checked_response(std::span(query).subspan(2), *wire, Transport::Tcp);
    CHECK(records(*response, LDNS_SECTION_ANSWER, LDNS_RR_TYPE_NS).size() == 2);
}

TEST_CASE("A message split inside its body is reassembled (RFC 7766 §8)", "[integration][tcp]") {
    TestServer server;
    const QuerySpec spec{.name = zone_apex, .type = LDNS_RR_TYPE_SOA};
    const Bytes query = test::tcp_framed(make_query(spec));
    TcpClient client(server.tcp());
    REQUIRE(client.send_raw(std::span(query).first(7)));
    CHECK_FALSE(client.is_readable(silence_timeout));
    REQUIRE(client.send_raw(std::span(query).subspan(7)));
    const auto wire = client.receive_message(reply_timeout);
    REQUIRE(wire);
    (void)checked_response(std::span(query).subspan(2), *wire, Transport::Tcp);
}

TEST_CASE("An idle connection is closed after tcp_idle_timeout (RFC 7766 §6.2.3)",
          "[integration][tcp]") {
    TestServer server({.tcp_idle_timeout = "1s"});
    TcpClient client(server.tcp());
    require_answer_on(client); // the connection works, then falls silent
    CHECK(client.wait_closed(std::chrono::seconds(5)));
}

TEST_CASE("A connection silent from the start is closed after tcp_idle_timeout "
          "(RFC 7766 §6.2.3)",
          "[integration][tcp]") {
    TestServer server({.tcp_idle_timeout = "1s"});
    TcpClient client(server.tcp());
    CHECK(client.wait_closed(std::chrono::seconds(5)));
    server.require_answering();
}

TEST_CASE("Connections beyond the per-worker cap are closed; earlier ones still answer "
          "(RFC 7766 §6.2.2)",
          "[integration][tcp]") {
    // One worker, so that every connection counts against the same cap.
    TestServer server({.workers = 1, .tcp_max_connections = 2, .tcp_idle_timeout = "30s"});
    std::vector<std::unique_ptr<TcpClient>> admitted;
    for (int i = 0; i < 2; ++i) {
        admitted.push_back(std::make_unique<TcpClient>(server.tcp()));
        require_answer_on(*admitted.back());
    }
    for (int i = 0; i < 3; ++i) {
        INFO("connection " << i + 3 << " over the cap of 2");
        TcpClient extra(server.tcp());
        // It may be closed before or after this query arrives; it must never be answered.
        (void)extra.send_message(make_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA}));
        CHECK(extra.wait_closed(reply_timeout));
    }
    for (auto& client : admitted) {
        require_answer_on(*client);
    }

    // Closing an admitted connection frees its place once the server has seen the close.
    admitted.front().reset();
    const bool readmitted = wait_until(
        [&] {
            TcpClient next(server.tcp());
            const Bytes query = make_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
            return next.send_message(query) && next.receive_message(reply_timeout).has_value();
        },
        std::chrono::seconds(5), std::chrono::milliseconds(50));
    CHECK(readmitted);
}

} // namespace dcvd::integration
