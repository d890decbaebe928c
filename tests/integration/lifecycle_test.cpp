// integration/lifecycle_test.cpp: signals to the running server: SIGHUP reloads the zone file
// (a broken one keeps the old zone), SIGTERM drains and exits 0.
#include <catch2/catch.hpp>

#include <signal.h>

#include "test_server.hpp"
#include "wait.hpp"

namespace dcvd::integration {
namespace {

std::uint32_t current_serial(const TestServer& server) {
    const auto response = server.udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
    const auto serial = soa_serial(*response, LDNS_SECTION_ANSWER);
    REQUIRE(serial);
    return *serial;
}

std::vector<std::string> info_txt(const TestServer& server) {
    return txt_values(*server.udp_query({.name = std::string("info.") + zone_apex}));
}

} // namespace

TEST_CASE("SIGHUP reloads a changed zone file: new records served, SOA serial advanced "
          "(RFC 1982 §3.2)",
          "[integration][reload]") {
    TestServer server;
    server.txt_add("www.example.com", "survives-reload");
    const std::uint32_t before = current_serial(server);
    REQUIRE(info_txt(server).empty());

    server.write_zone(zone_text(2024010102, 3600, "info IN TXT \"added by reload\"\n"));
    server.reload();
    // The reload is logged once the new zone is in place; workers take it at their next batch.
    CHECK(wait_until([&] { return !info_txt(server).empty(); }, reply_timeout));
    CHECK(info_txt(server) == std::vector<std::string>{"added by reload"});
    const std::uint32_t after = current_serial(server);
    CHECK(serial_greater(after, before));
    CHECK(txt_values(*server.udp_query({.name = target_of("www.example.com")})) ==
          std::vector<std::string>{"survives-reload"});
}

TEST_CASE("The server purges expired values in the background and the serial advances, so "
          "that secondaries drop them too (RFC 1995 §2)",
          "[integration][purge]") {
    TestServer server; // store.purge_interval = "1s"
    server.txt_add("www.example.com", "lasting-value", {"--expires-in", "3600"});
    server.txt_add("www.example.com", "short-lived-value", {"--expires-in", "1"});
    const std::uint32_t after_add = current_serial(server);
    // Serving stops at expiry; the purge then deletes the value in a commit of its own.
    CHECK(wait_until([&] { return serial_greater(current_serial(server), after_add); },
                     std::chrono::seconds(10)));
    const auto listed = server.cli({"txt", "list", "www.example.com"});
    CHECK(listed.out.find("lasting-value") != std::string::npos);
    CHECK(listed.out.find("short-lived-value") == std::string::npos);
}

TEST_CASE("SIGHUP with a broken zone file keeps serving the old zone", "[integration][reload]") {
    TestServer server;
    const std::uint32_t before = current_serial(server);

    server.write_zone("$ORIGIN validation.example.net.\n@ IN SOA this is not a zone\n");
    const std::string logged = server.reload();
    // The reason names the broken file as file:line.
    CHECK(logged.find(server.zone_path().string() + ":") != std::string::npos);
    const auto txt = server.udp_query({.name = zone_apex});
    CHECK(txt_values(*txt) == std::vector<std::string>{apex_txt});
    CHECK(current_serial(server) == before);

    // A good file afterwards is taken up again.
    server.write_zone(zone_text(2024010103, 3600, "info IN TXT \"fixed\"\n"));
    server.reload();
    CHECK(wait_until([&] { return !info_txt(server).empty(); }, reply_timeout));
}

TEST_CASE("SIGTERM drains and exits 0 promptly, even with a client connected",
          "[integration][signals]") {
    TestServer server({.tcp_idle_timeout = "60s"});
    TcpClient idle(server.tcp());
    server.require_answering();
    const auto code = server.terminate(std::chrono::seconds(5));
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(idle.wait_closed(reply_timeout));
}

} // namespace dcvd::integration
