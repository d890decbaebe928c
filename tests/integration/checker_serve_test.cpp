// integration/checker_serve_test.cpp: the checker inside `dcvd serve`, against the customer's
// zone on two real knotd whose zone files the test rewrites and reloads: a delegation goes
// pending → active → stale (host_moved, its values no longer served) → active again; the CNAME
// removed makes it stale (cname_removed); servers that disagree hold the state; a CNAME to
// someone else is misdelegated. Short configured intervals, no long sleeps.
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "../unit/checker/fake_http_receiver.hpp"
#include "api_client.hpp"
#include "customer_zone.hpp"
#include "dcvd/crypto/hex.hpp"
#include "dcvd/crypto/hmac.hpp"
#include "dns_message.hpp"
#include "test_server.hpp"
#include "wait.hpp"

namespace dcvd::integration {
namespace {

const std::string target = std::string("www.example.com.") + zone_apex;
const std::string delegated = "_acme-challenge.www CNAME " + target + "\n";
// Someone else's validation name, inside the customer's zone so that ns1 answers for it (it is
// no recursive resolver: a chain it cannot follow would leave the check unknown).
const std::string elsewhere = "_acme-challenge.www CNAME www.acme-elsewhere.example.com.\n"
                              "www.acme-elsewhere TXT \"someone else's token\"\n";
const std::string at_edge = "www CNAME cust.edge.provider.net.\n";
const std::string moved = "www A 203.0.113.7\n";

// Checks every second, two agreeing checks make a move; `more` adds [checker] keys.
ServerSettings checking(const CustomerZone& zone, const std::string& more = "") {
    const std::string port = std::to_string(zone.port);
    ServerSettings settings;
    settings.extra_config = "[checker]\n"
                            "resolvers = [\"127.0.0.11:" +
                            port +
                            "\"]\n"
                            "authority_port = " +
                            port +
                            "\n"
                            "confirmations = 2\n"
                            "min_interval = \"0s\"\n"
                            "pending_interval = \"1s\"\n"
                            "pending_max_interval = \"1s\"\n"
                            "settled_interval = \"1s\"\n"
                            "stale_interval = \"1s\"\n"
                            "jitter_percent = 0\n"
                            "query_timeout = \"500ms\"\n" +
                            more +
                            "[edge]\n"
                            "cname_suffixes = [\"edge.provider.net.\"]\n"
                            "addresses = [\"198.51.100.0/24\"]\n";
    return settings;
}

std::string write_token(const TestServer& server) {
    const auto created = server.cli({"token", "create", "checker-test", "--scope", "write"});
    REQUIRE(created.exit_code == 0);
    return created.out.substr(0, created.out.find('\n'));
}

nlohmann::json shown(const TestServer& server) {
    const auto result = server.cli({"delegation", "show", "--json", "www.example.com"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

// Waits (up to 20 s) until the delegation is in `state`; returns it as shown.
nlohmann::json wait_for_state(const TestServer& server, const std::string& state) {
    nlohmann::json last;
    const bool reached = wait_until(
        [&] {
            last = shown(server);
            return last["state"] == state;
        },
        std::chrono::seconds(20), std::chrono::milliseconds(200));
    INFO("waiting for " << state << ", last shown: " << last.dump(2));
    REQUIRE(reached);
    return last;
}

std::size_t served_values(const TestServer& server) {
    QuerySpec spec;
    spec.name = target;
    const auto reply = server.udp_query(spec);
    return txt_values(*reply.get()).size();
}

} // namespace

TEST_CASE("serve's checker: pending -> active -> stale (host_moved, not served) -> active again",
          "[checker][knot][serve]") {
    CustomerZone zone(delegated + at_edge, delegated + at_edge);
    TestServer server(checking(zone));
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    server.txt_add("www.example.com", "token-1");

    const auto active = wait_for_state(server, "active");
    CHECK(active["check"]["transitions"].size() == 1);
    CHECK(active["check"]["transitions"][0]["from"] == "pending");
    CHECK(served_values(server) == 1);
    ApiClient client(server.http_address(), write_token(server));
    const auto scraped = client.call("GET", "/metrics");
    REQUIRE(scraped);
    CHECK_THAT(scraped->body,
               Catch::Matchers::Contains("dcvd_checker_transitions_total{to=\"active\"} 1") &&
                   Catch::Matchers::Contains("dcvd_checker_checks_total "));

    zone.publish(delegated + moved, delegated + moved);
    const auto stale = wait_for_state(server, "stale");
    CHECK(stale["check"]["reason"] == "host_moved");
    const std::string evidence = stale["check"]["transitions"].back()["evidence"];
    CHECK_THAT(evidence, Catch::Matchers::Contains("203.0.113.7"));
    CHECK(served_values(server) == 0); // its values stay stored, unserved
    CHECK(stale["values"].size() == 1);

    // New values are refused, naming the reason, unless forced (DESIGN.md §6).
    const auto refused =
        client.call("POST", "/v1/delegations/www.example.com/txt", R"({"value": "token-2"})");
    REQUIRE(refused);
    CHECK(refused->status == 409);
    CHECK_THAT(refused->body, Catch::Matchers::Contains("stale (host_moved)"));
    const auto forced = client.call("POST", "/v1/delegations/www.example.com/txt",
                                    R"({"value": "token-2", "force": true})");
    REQUIRE(forced);
    CHECK(forced->status == 201);
    CHECK_THAT(server.log(), Catch::Matchers::Contains("force=true"));
    // The next check finds it stale still and stops serving its values again.
    CHECK(wait_until([&] { return served_values(server) == 0; }, std::chrono::seconds(10)));

    zone.publish(delegated + at_edge, delegated + at_edge);
    const auto back = wait_for_state(server, "active");
    CHECK(back["check"]["reason"].is_null());
    CHECK(back["check"]["transitions"].size() == 3);
    CHECK(served_values(server) == 2);
}

TEST_CASE("serve's checker: the CNAME removed after activation is stale (cname_removed)",
          "[checker][knot][serve]") {
    CustomerZone zone(delegated + at_edge, delegated + at_edge);
    TestServer server(checking(zone));
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    wait_for_state(server, "active");
    zone.publish(at_edge, at_edge);
    CHECK(wait_for_state(server, "stale")["check"]["reason"] == "cname_removed");
}

TEST_CASE("serve's checker: servers that disagree hold the state; a CNAME elsewhere is "
          "misdelegated",
          "[checker][knot][serve]") {
    CustomerZone zone(delegated + at_edge, at_edge); // ns2 has not got the CNAME yet
    TestServer server(checking(zone));
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    // Several checks come and go (one a second); none moves it.
    std::string first_check;
    REQUIRE(wait_until(
        [&] {
            const auto now = shown(server);
            if (now["check"]["last_check"].is_null()) {
                return false;
            }
            if (first_check.empty()) {
                first_check = now["check"]["last_check"];
            }
            return now["check"]["last_check"] != first_check &&
                   now["check"]["evidence"].get<std::string>().find("unknown") != std::string::npos;
        },
        std::chrono::seconds(10), std::chrono::milliseconds(200)));
    const auto held = shown(server);
    CHECK(held["state"] == "pending");
    CHECK(held["check"]["candidate"].is_null());

    zone.publish(elsewhere + at_edge, elsewhere + at_edge);
    wait_for_state(server, "misdelegated");
}

TEST_CASE("dcvd delegation check checks one host now and records it", "[checker][knot][serve]") {
    CustomerZone zone(delegated + at_edge, delegated + at_edge);
    ServerSettings settings = checking(zone);
    TestServer server(settings);
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    const auto checked = server.cli({"delegation", "check", "www.example.com"});
    INFO(checked.err);
    REQUIRE(checked.exit_code == 0);
    CHECK_THAT(checked.out, Catch::Matchers::Contains("last_check\t20"));
    CHECK_THAT(checked.out, Catch::Matchers::Contains("at the edge"));
    const auto missing = server.cli({"delegation", "check", "nowhere.example.com"});
    CHECK(missing.exit_code != 0);
    CHECK_THAT(missing.err, Catch::Matchers::Contains("dcvd delegation add nowhere.example.com"));
}

TEST_CASE("POST /v1/delegations/{host}/check answers with the recorded check; a host that never "
          "points at the edge is stale after the onboarding window (never_pointed)",
          "[checker][knot][serve]") {
    CustomerZone zone(delegated + moved, delegated + moved);
    TestServer server(checking(zone, "onboarding_window = \"4s\"\n"));
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    ApiClient client(server.http_address(), write_token(server));

    const auto checked = client.call("POST", "/v1/delegations/www.example.com/check");
    REQUIRE(checked);
    INFO(checked->body);
    REQUIRE(checked->status == 200);
    const auto body = nlohmann::json::parse(checked->body);
    CHECK_FALSE(body["check"]["last_check"].is_null());
    CHECK_THAT(body["check"]["evidence"].get<std::string>(),
               Catch::Matchers::Contains("203.0.113.7"));

    const auto missing = client.call("POST", "/v1/delegations/nowhere.example.com/check");
    REQUIRE(missing);
    CHECK(missing->status == 404);

    // Delegated first (within the window), then stale once the window is over.
    const auto stale = wait_for_state(server, "stale");
    CHECK(stale["check"]["reason"] == "never_pointed");
    CHECK(stale["check"]["transitions"][0]["to"] == "delegated");
}

TEST_CASE("POST /v1/delegations/{host}/check is 503 when the checker is off", "[checker][serve]") {
    TestServer server; // the fixture's default: checker.enabled = false
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    ApiClient client(server.http_address(), write_token(server));
    const auto checked = client.call("POST", "/v1/delegations/www.example.com/check");
    REQUIRE(checked);
    CHECK(checked->status == 503);
    CHECK_THAT(checked->body, Catch::Matchers::Contains("checker.enabled = false"));
}

TEST_CASE("serve's checker POSTs each transition to the webhook, signed, retried until the "
          "receiver takes it",
          "[checker][knot][serve][webhook]") {
    const std::string secret = "0123456789abcdef-webhook-secret";
    checker::test::FakeHttpReceiver receiver(
        [](const checker::test::ReceivedRequest&, std::size_t index) {
            return checker::test::Answer{index == 0 ? 500 : 204, "", ""}; // the first fails
        });
    CustomerZone zone(delegated + at_edge, delegated + at_edge);
    ServerSettings settings = checking(zone);
    settings.extra_config +=
        "[[webhook]]\nurl = \"" + receiver.url("/dcvd") + "\"\nsecret = \"" + secret + "\"\n";
    TestServer server(settings);
    REQUIRE(server.cli({"delegation", "add", "www.example.com"}).exit_code == 0);
    wait_for_state(server, "active");
    REQUIRE(wait_until([&] { return receiver.count() >= 2; }, std::chrono::seconds(10)));

    const auto requests = receiver.received();
    CHECK(requests[0].body == requests[1].body); // the retry sends the same delivery
    const auto& delivered = requests[1];
    CHECK(delivered.method == "POST");
    CHECK(delivered.target == "/dcvd");
    CHECK(delivered.headers.at("content-type") == "application/json");
    const auto payload = nlohmann::json::parse(delivered.body);
    CHECK(payload["host"] == "www.example.com");
    CHECK(payload["from"] == "pending");
    CHECK(payload["to"] == "active");
    CHECK(payload["reason"].is_null());
    CHECK_THAT(payload["evidence"].get<std::string>(), Catch::Matchers::Contains("at the edge"));
    CHECK(delivered.headers.at("x-dcvd-signature") ==
          "sha256=" + crypto::to_hex(crypto::hmac_sha256(secret, delivered.body)));
    CHECK_THAT(server.log(), Catch::Matchers::Contains("webhook attempt failed"));
}

} // namespace dcvd::integration
