// tests/unit/checker/dns_client_test.cpp: the checker's DNS client against a scripted server on
// loopback: matching replies (RFC 5452 §9.1), retries with new ports and IDs, TCP on truncation
// (RFC 7766 §5), EDNS(0) (RFC 6891), failures, and the bound on queries in flight.
#include <optional>
#include <set>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_client.hpp"
#include "fake_dns_server.hpp"

namespace dcvd::checker {
namespace {

using Catch::Matchers::Contains;
using test::FakeDnsServer;
using test::ReceivedQuery;
using test::Replies;
using test::response_to;

const std::string host = "_acme-challenge.www.example.com.";
const std::string txt_record = host + " 60 IN TXT \"token-value\"";

uv::Endpoint loopback(std::uint16_t port) {
    return *uv::Endpoint::parse("127.0.0.1:" + std::to_string(port));
}

DnsClientOptions quick_options() {
    DnsClientOptions options;
    options.timeout = std::chrono::milliseconds(200);
    return options;
}

// Runs one query to completion on a loop of its own.
base::Result<DnsReply> ask(std::uint16_t port, DnsClientOptions options = quick_options(),
                           DnsQuestion question = {host, LDNS_RR_TYPE_TXT, false}) {
    uv::Loop loop;
    std::optional<base::Result<DnsReply>> outcome;
    {
        DnsClient client(loop, options);
        client.query(loopback(port), std::move(question),
                     [&outcome](base::Result<DnsReply> result) { outcome = std::move(result); });
        loop.run();
    }
    REQUIRE(outcome.has_value());
    return std::move(*outcome);
}

std::string first_txt(const DnsReply& reply) {
    const ldns_rr_list* answers = ldns_pkt_answer(reply.packet.get());
    REQUIRE(ldns_rr_list_rr_count(answers) == 1);
    const zone::LdnsText text(ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(answers, 0), 0)));
    return text.get();
}

Packet parsed(const ReceivedQuery& query) {
    ldns_pkt* packet = nullptr;
    REQUIRE(ldns_wire2pkt(&packet, query.wire.data(), query.wire.size()) == LDNS_STATUS_OK);
    return Packet(packet);
}

} // namespace

TEST_CASE("a reply with our ID and question is taken; the query is IN, EDNS(0), RD as asked",
          "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t) {
        return Replies{response_to(query, {txt_record})};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(first_txt(*reply) == "\"token-value\"");
    CHECK_FALSE(reply->over_tcp);
    CHECK(reply->attempts == 1);
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    const auto query = parsed(received[0]);
    CHECK_FALSE(ldns_pkt_rd(query.get())); // towards an authority: no recursion asked
    CHECK(ldns_pkt_edns(query.get()));     // RFC 6891 §6.2.3: our payload size
    CHECK(ldns_pkt_edns_udp_size(query.get()) == 1232);
    const ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(query.get()), 0);
    CHECK(ldns_rr_get_type(question) == LDNS_RR_TYPE_TXT);
    CHECK(ldns_rr_get_class(question) == LDNS_RR_CLASS_IN);

    auto recursive = ask(server.port(), quick_options(), {host, LDNS_RR_TYPE_TXT, true});
    REQUIRE(recursive);
    CHECK(ldns_pkt_rd(parsed(server.received().at(1)).get()));
}

TEST_CASE("replies with another ID or another question are dropped and the right one taken "
          "(RFC 5452 §9.1)",
          "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t) {
        return Replies{response_to(query, {"forged.example. 60 IN TXT \"wrong id\""}, false, 1),
                       response_to(query, {"forged.example. 60 IN TXT \"wrong name\""}, false, 0,
                                   "forged.example."),
                       response_to(query, {txt_record})};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(first_txt(*reply) == "\"token-value\"");
    CHECK(reply->attempts == 1);
}

TEST_CASE("the question's name is matched case-insensitively (RFC 4343)", "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t) {
        return Replies{
            response_to(query, {txt_record}, false, 0, "_ACME-Challenge.WWW.Example.COM.")};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(first_txt(*reply) == "\"token-value\"");
}

TEST_CASE("a truncated UDP reply is asked again over TCP (RFC 7766 §5)", "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t) {
        return query.over_tcp ? Replies{response_to(query, {txt_record})}
                              : Replies{response_to(query, {}, true)};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(reply->over_tcp);
    CHECK(first_txt(*reply) == "\"token-value\"");
    const auto received = server.received();
    REQUIRE(received.size() == 2);
    CHECK(received[1].over_tcp);
}

TEST_CASE("a UDP reply larger than the client reads (EDNS ignored) is asked again over TCP",
          "[checker][dns]") {
    // 30 TXT records of 200 octets: about 6,500 octets, past the 4 KiB the client takes per
    // datagram and far past the 1232 it advertised.
    std::vector<std::string> many;
    for (int i = 0; i < 30; ++i) {
        many.push_back(host + " 60 IN TXT \"" + std::string(200, static_cast<char>('a' + i % 26)) +
                       "\"");
    }
    FakeDnsServer server([many](const ReceivedQuery& query, std::size_t) {
        return query.over_tcp ? Replies{response_to(query, {txt_record})}
                              : Replies{response_to(query, many)};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(reply->over_tcp);
    CHECK(first_txt(*reply) == "\"token-value\"");
}

TEST_CASE("a lost query is asked again from a new port with a new ID", "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t index) {
        return index == 0 ? Replies{} : Replies{response_to(query, {txt_record})};
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(reply->attempts == 2);
    const auto received = server.received();
    REQUIRE(received.size() == 2);
    CHECK(received[0].source_port != received[1].source_port);
}

TEST_CASE("a late reply to an earlier attempt is not taken for the next one", "[checker][dns]") {
    // The second attempt first gets the reply to the first attempt's query (its ID), then its own.
    std::optional<ReceivedQuery> first; // the server thread's only
    FakeDnsServer server([&first](const ReceivedQuery& query, std::size_t index) {
        if (index == 0) {
            first = query;
            return Replies{};
        }
        Replies replies;
        if (first->id != query.id) { // equal IDs (1 in 65,536) would make the late reply ours
            replies.push_back(response_to(*first, {host + " 60 IN TXT \"late\""}));
        }
        replies.push_back(response_to(query, {txt_record}));
        return replies;
    });
    auto reply = ask(server.port());
    REQUIRE(reply);
    CHECK(reply->attempts == 2);
    CHECK(first_txt(*reply) == "\"token-value\"");
}

TEST_CASE("a silent server: every attempt times out, each from its own port", "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery&, std::size_t) { return Replies{}; });
    auto options = quick_options();
    options.timeout = std::chrono::milliseconds(50);
    options.attempts = 3;
    auto reply = ask(server.port(), options);
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == base::ErrorCode::Unavailable);
    CHECK_THAT(reply.error().message, Contains("timed out after 3 UDP attempts"));
    CHECK_THAT(reply.error().message, Contains(host));
    const auto received = server.received();
    REQUIRE(received.size() == 3);
    std::set<std::uint16_t> ports;
    for (const auto& query : received) {
        ports.insert(query.source_port);
    }
    CHECK(ports.size() == 3);
}

TEST_CASE("a port nobody listens on fails at once (ICMP port unreachable)", "[checker][dns]") {
    const int probe = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    ::close(probe); // now nothing listens there
    auto options = quick_options();
    options.timeout = std::chrono::seconds(30); // a timeout would fail the test's time, not it
    auto reply = ask(ntohs(address.sin_port), options);
    REQUIRE_FALSE(reply);
    CHECK_THAT(reply.error().message, Contains("connection refused"));
}

TEST_CASE("a name that is no domain name fails as Invalid without a packet sent",
          "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery&, std::size_t) { return Replies{}; });
    auto reply = ask(server.port(), quick_options(), {"a..b.", LDNS_RR_TYPE_TXT, false});
    REQUIRE_FALSE(reply);
    CHECK(reply.error().code == base::ErrorCode::Invalid);
    CHECK(server.received().empty());
}

TEST_CASE("at most max_in_flight queries are on the wire; the rest wait in order",
          "[checker][dns]") {
    FakeDnsServer server([](const ReceivedQuery& query, std::size_t) {
        return Replies{response_to(query, {txt_record})};
    });
    auto options = quick_options();
    options.max_in_flight = 2;
    uv::Loop loop;
    std::vector<int> finished;
    {
        DnsClient client(loop, options);
        for (int i = 0; i < 5; ++i) {
            client.query(loopback(server.port()), {host, LDNS_RR_TYPE_TXT, false},
                         [&finished, i](base::Result<DnsReply> result) {
                             CHECK(result);
                             finished.push_back(i);
                         });
        }
        CHECK(client.in_flight() == 2);
        CHECK(client.waiting() == 3);
        loop.run();
        CHECK(client.in_flight() == 0);
        CHECK(client.waiting() == 0);
    }
    CHECK(finished.size() == 5);
    CHECK(server.received().size() == 5);
}

} // namespace dcvd::checker
