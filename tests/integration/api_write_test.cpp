// integration/api_write_test.cpp: writes through the real server's API: visible in DNS as soon
// as they are answered, exact under many concurrent clients, and durable across kill -9
// (every acknowledged write is there after a restart, nothing half-written).
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "api_client.hpp"
#include "test_server.hpp"

namespace dcvd::integration {
namespace {

/// A write token made with the real CLI (`dcvd token create`, token alone on line 1).
std::string write_token(const TestServer& server) {
    const auto created = server.cli({"token", "create", "integration", "--scope", "write"});
    REQUIRE(created.exit_code == 0);
    return created.out.substr(0, created.out.find('\n'));
}

std::string value_body(std::string_view value) {
    return nlohmann::json{{"value", value}}.dump();
}

/// The values GET /v1/delegations/{host} shows.
std::set<std::string> shown_values(ApiClient& client, const std::string& host) {
    const auto reply = client.call("GET", "/v1/delegations/" + host);
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    const auto delegation = nlohmann::json::parse(reply->body);
    std::set<std::string> values;
    for (const auto& value : delegation.at("values")) {
        values.insert(value.at("value").get<std::string>());
    }
    return values;
}

std::set<std::string> served_values(const TestServer& server, const std::string& host) {
    const auto response = server.udp_query({.name = target_of(host)});
    const auto values = txt_values(*response);
    return {values.begin(), values.end()};
}

} // namespace

TEST_CASE("a value added through the API is answered once durable and served by DNS at once; "
          "removed, it is gone",
          "[integration][api]") {
    TestServer server;
    ApiClient client(server.http_address(), write_token(server));
    const auto registered = client.call("PUT", "/v1/delegations/www.example.com");
    REQUIRE(registered);
    CHECK(registered->status == 201);
    const auto added =
        client.call("POST", "/v1/delegations/www.example.com/txt", value_body("api-value"));
    REQUIRE(added);
    CHECK(added->status == 201);
    CHECK(served_values(server, "www.example.com") == std::set<std::string>{"api-value"});
    const auto removed = client.call("DELETE", "/v1/delegations/www.example.com/txt/api-value");
    REQUIRE(removed);
    CHECK(removed->status == 200);
    const auto empty = server.udp_query({.name = target_of("www.example.com")});
    CHECK(ldns_pkt_get_rcode(empty.get()) == LDNS_RCODE_NOERROR); // registered: NODATA
    CHECK(txt_values(*empty).empty());
    const auto offboarded = client.call("DELETE", "/v1/delegations/www.example.com");
    REQUIRE(offboarded);
    CHECK(offboarded->status == 200);
    const auto gone = server.udp_query({.name = target_of("www.example.com")});
    CHECK(ldns_pkt_get_rcode(gone.get()) == LDNS_RCODE_NXDOMAIN);
}

TEST_CASE("many clients adding and removing values at once leave exactly the expected state",
          "[integration][api][concurrency]") {
    TestServer server;
    const std::string token = write_token(server);
    constexpr int clients = 16;
    constexpr int rounds = 30;
    constexpr int kept = 4; // each client keeps its last four values
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            ApiClient client(server.http_address(), token);
            const std::string host = "client" + std::to_string(c) + ".example.com";
            const auto ok = [&](const std::optional<ApiReply>& reply, int status) {
                if (!reply || reply->status != status) {
                    failures.fetch_add(1);
                }
            };
            ok(client.call("PUT", "/v1/delegations/" + host), 201);
            for (int i = 0; i < rounds; ++i) {
                const std::string value = "c" + std::to_string(c) + "-v" + std::to_string(i);
                ok(client.call("POST", "/v1/delegations/" + host + "/txt", value_body(value)), 201);
                if (i >= kept) {
                    const std::string old =
                        "c" + std::to_string(c) + "-v" + std::to_string(i - kept);
                    ok(client.call("DELETE", "/v1/delegations/" + host + "/txt/" + old), 200);
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    REQUIRE(failures.load() == 0);
    ApiClient reader(server.http_address(), token);
    for (int c = 0; c < clients; ++c) {
        const std::string host = "client" + std::to_string(c) + ".example.com";
        std::set<std::string> expected;
        for (int i = rounds - kept; i < rounds; ++i) {
            expected.insert("c" + std::to_string(c) + "-v" + std::to_string(i));
        }
        INFO(host);
        CHECK(shown_values(reader, host) == expected);
        CHECK(served_values(server, host) == expected);
    }
}

TEST_CASE("kill -9 during a write load: every acknowledged write is there after the restart, "
          "and nothing else but what was sent",
          "[integration][api][durability]") {
    TestServer server;
    const std::string token = write_token(server);
    constexpr int writers = 8;
    std::atomic<bool> stop{false};
    std::vector<std::set<std::string>> acknowledged(writers);
    std::vector<std::set<std::string>> sent(writers);
    std::vector<std::thread> threads;
    {
        ApiClient setup(server.http_address(), token);
        for (int w = 0; w < writers; ++w) {
            const auto reply =
                setup.call("PUT", "/v1/delegations/writer" + std::to_string(w) + ".example.com");
            REQUIRE(reply);
            REQUIRE(reply->status == 201);
        }
    }
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            ApiClient client(server.http_address(), token);
            const std::string host = "writer" + std::to_string(w) + ".example.com";
            // Each value replaces the one before (add, then remove the previous), so a host
            // never holds more than two and the limit of eight is never in the way.
            std::string previous;
            for (int i = 0; !stop.load(); ++i) {
                const std::string value = "w" + std::to_string(w) + "-" + std::to_string(i);
                sent[w].insert(value);
                const auto reply =
                    client.call("POST", "/v1/delegations/" + host + "/txt", value_body(value));
                if (!reply) {
                    return; // the server is gone
                }
                if (reply->status == 201) {
                    acknowledged[w].insert(value);
                }
                if (!previous.empty()) {
                    // Once its removal is sent, whether `previous` survives a kill is open.
                    acknowledged[w].erase(previous);
                    const auto removed =
                        client.call("DELETE", "/v1/delegations/" + host + "/txt/" + previous);
                    if (!removed) {
                        return;
                    }
                }
                previous = value;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    server.kill_and_restart();
    stop.store(true);
    for (auto& thread : threads) {
        thread.join();
    }
    ApiClient reader(server.http_address(), token);
    std::size_t total = 0;
    for (int w = 0; w < writers; ++w) {
        const std::string host = "writer" + std::to_string(w) + ".example.com";
        const auto values = shown_values(reader, host);
        INFO(host);
        for (const auto& value : acknowledged[w]) {
            CHECK(values.count(value) == 1); // acknowledged: durable
        }
        for (const auto& value : values) {
            CHECK(sent[w].count(value) == 1); // nothing invented, nothing torn
        }
        CHECK(values.size() <= 2);
        total += sent[w].size();
    }
    // The load was real: the writers got well past their first values before the kill.
    CHECK(total > static_cast<std::size_t>(writers) * 10);
    server.require_answering();
}

} // namespace dcvd::integration
