// integration/delegation_cli_test.cpp: `dcvd delegation add|show|list|rm` against a running
// server's store (issue 3): registration, the API's JSON, the list cursor, offboarding only with
// --yes; and `txt add|rm` with a value that starts with '-'.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_test_client.hpp"
#include "test_server.hpp"

namespace dcvd::integration {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The lines of `text` that are not '#' comments.
std::vector<std::string> data_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.front() != '#') {
            lines.push_back(std::move(line));
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return lines;
}

/// The first field of each data line: the hosts of `delegation list`.
std::vector<std::string> listed_hosts(const std::string& text) {
    std::vector<std::string> hosts;
    for (const auto& line : data_lines(text)) {
        hosts.push_back(line.substr(0, line.find('\t')));
    }
    return hosts;
}

CommandResult require_ok(const CommandResult& result) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
}

} // namespace

TEST_CASE("delegation add, show, list and rm --yes onboard and offboard a host; rm without --yes "
          "changes nothing",
          "[integration][cli][delegation][issue-3]") {
    TestServer server;
    const std::string target = target_of("www.example.com");
    const auto added = require_ok(server.cli({"delegation", "add", "WWW.Example.com."}));
    CHECK(added.out == "# host\tstate\tcname\tresult\nwww.example.com\tpending\t"
                       "_acme-challenge.www.example.com. CNAME " +
                           target + "\tregistered\n");

    server.txt_add("www.example.com", "shown-value", {"--ttl", "120"});
    const auto shown = require_ok(server.cli({"delegation", "show", "www.example.com"}));
    CHECK(contains(shown.out, "host\twww.example.com\n"));
    CHECK(contains(shown.out, "cname_name\t_acme-challenge.www.example.com.\n"));
    CHECK(contains(shown.out, "cname_target\t" + target + "\n"));
    CHECK(contains(shown.out, "state\tpending\n"));
    CHECK(
        std::regex_search(shown.out, std::regex(R"(\nstate_since\t\d{4}-\d\d-\d\dT[0-9:]{8}Z\n)")));
    CHECK(std::regex_search(shown.out, std::regex(R"(\ncreated\t\d{4}-\d\d-\d\dT[0-9:]{8}Z\n)")));
    CHECK(contains(shown.out, "values\t1\n"));
    CHECK(std::regex_search(shown.out,
                            std::regex(R"(\nshown-value\t120\t\d{4}-\d\d-\d\dT[0-9:]{8}Z\n)")));

    const auto pending = require_ok(server.cli({"delegation", "list", "--state", "pending"}));
    CHECK(contains(pending.out, "# host\tstate\tsince\tvalues\ttarget\n"));
    CHECK(std::regex_search(
        pending.out, std::regex(R"(\nwww\.example\.com\tpending\t[0-9TZ:-]+\t1\t)" +
                                std::regex_replace(target, std::regex(R"(\.)"), R"(\.)") + "\n")));
    const auto active = require_ok(server.cli({"delegation", "list", "--state", "active"}));
    CHECK(data_lines(active.out).empty());
    const auto unknown_state = server.cli({"delegation", "list", "--state", "happy"});
    CHECK(unknown_state.exit_code == 2);
    CHECK(contains(unknown_state.err, "misdelegated"));

    const auto refused = server.cli({"delegation", "rm", "www.example.com"});
    INFO("stderr: " << refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "--yes"));
    CHECK(contains(refused.err, "1 challenge value(s)"));
    CHECK(contains(refused.err, target));
    CHECK(txt_values(*server.udp_query({.name = target})) ==
          std::vector<std::string>{"shown-value"});

    const auto removed = require_ok(server.cli({"delegation", "rm", "www.example.com", "--yes"}));
    CHECK(contains(removed.out, "1 value(s)"));
    CHECK(ldns_pkt_get_rcode(server.udp_query({.name = target}).get()) == LDNS_RCODE_NXDOMAIN);

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"delegation", "show", "www.example.com"},
          {"delegation", "rm", "www.example.com", "--yes"},
          {"delegation", "rm", "www.example.com"}}) {
        const auto gone = server.cli(args);
        INFO("dcvd " << Catch::Detail::stringify(args) << "; stderr: " << gone.err);
        CHECK(gone.exit_code == 1);
        CHECK(contains(gone.err, "no delegation is registered for host 'www.example.com'"));
    }
}

TEST_CASE("delegation show --json prints the object GET /v1/delegations/{host} returns",
          "[integration][cli][delegation][issue-3]") {
    TestServer server;
    require_ok(server.cli({"delegation", "add", "json.example.com"}));
    server.txt_add("json.example.com", "json-value");
    const auto shown = require_ok(server.cli({"delegation", "show", "json.example.com", "--json"}));
    const auto cli_json = nlohmann::json::parse(shown.out);

    const auto token = require_ok(server.cli({"token", "create", "reader", "--scope", "read"}));
    const std::string secret = token.out.substr(0, token.out.find('\n'));
    api::test::HttpTestClient client(server.http_address());
    client.send("GET /v1/delegations/json.example.com HTTP/1.1\r\nHost: dcvd\r\nAuthorization: "
                "Bearer " +
                secret + "\r\n\r\n");
    const auto response = client.receive();
    REQUIRE(response);
    REQUIRE(response->status == 200);
    CHECK(cli_json == nlohmann::json::parse(response->body));
    CHECK(cli_json.at("values").at(0).at("value") == "json-value");

    const auto listed = require_ok(server.cli({"delegation", "list", "--json"}));
    const auto page = nlohmann::json::parse(listed.out);
    // A page leaves out what the checker knows ("check"): that is one more read per delegation.
    REQUIRE(cli_json.contains("check"));
    auto listed_json = cli_json;
    listed_json.erase("check");
    CHECK(page.at("delegations") == nlohmann::json::array({listed_json}));
    CHECK(page.at("next").is_null());
}

TEST_CASE("delegation list pages with --limit and --after in canonical order",
          "[integration][cli][delegation][issue-3]") {
    TestServer server;
    // Canonical order (RFC 4034 §6.1) compares labels from the right: every host here is in
    // example.com, so the leftmost label decides.
    require_ok(
        server.cli({"delegation", "add", "d.example.com", "b.example.com", "a.example.com"}));
    require_ok(server.cli({"delegation", "add", "c.example.com"}));

    const auto all = require_ok(server.cli({"delegation", "list"}));
    CHECK(listed_hosts(all.out) == std::vector<std::string>{"a.example.com", "b.example.com",
                                                            "c.example.com", "d.example.com"});
    CHECK_FALSE(contains(all.out, "# next"));

    const auto first = require_ok(server.cli({"delegation", "list", "--limit", "2"}));
    CHECK(listed_hosts(first.out) == std::vector<std::string>{"a.example.com", "b.example.com"});
    CHECK(contains(first.out, "\n# next\tb.example.com\n"));

    const auto second =
        require_ok(server.cli({"delegation", "list", "--limit", "2", "--after", "b.example.com"}));
    CHECK(listed_hosts(second.out) == std::vector<std::string>{"c.example.com", "d.example.com"});
    CHECK_FALSE(contains(second.out, "# next"));

    // The cursor need not be registered: the list goes on after its key.
    const auto after_gap =
        require_ok(server.cli({"delegation", "list", "--after", "bb.example.com"}));
    CHECK(listed_hosts(after_gap.out) ==
          std::vector<std::string>{"c.example.com", "d.example.com"});

    const auto json = require_ok(server.cli({"delegation", "list", "--limit", "3", "--json"}));
    const auto page = nlohmann::json::parse(json.out);
    CHECK(page.at("delegations").size() == 3U);
    CHECK(page.at("next") == "c.example.com");

    CHECK(server.cli({"delegation", "list", "--limit", "0"}).exit_code == 2);
}

TEST_CASE("delegation add is idempotent and keeps the state", "[integration][cli][delegation]") {
    TestServer server;
    require_ok(server.cli({"delegation", "add", "again.example.com"}));
    const auto twice = require_ok(server.cli(
        {"delegation", "add", "again.example.com", "new.example.com", "Again.Example.Com"}));
    CHECK(data_lines(twice.out).size() == 2U); // the repeat is registered once
    CHECK(contains(twice.out, "again.example.com\tpending\t"));
    CHECK(contains(twice.out, "\talready registered\n"));
    CHECK(contains(twice.out, "new.example.com\tpending\t"));
    CHECK(std::regex_search(twice.out, std::regex(R"(new\.example\.com\t.*\tregistered\n)")));
    CHECK(listed_hosts(require_ok(server.cli({"delegation", "list"})).out) ==
          std::vector<std::string>{"again.example.com", "new.example.com"});
}

TEST_CASE("delegation add refuses wildcards and hosts inside the zone, naming why, and registers "
          "none of its hosts",
          "[integration][cli][delegation]") {
    TestServer server;
    const auto wildcard = server.cli({"delegation", "add", "ok.example.com", "*.example.com"});
    INFO("stderr: " << wildcard.err);
    CHECK(wildcard.exit_code == 2);
    CHECK(contains(wildcard.err, "wildcard"));
    CHECK(contains(wildcard.err, "register 'example.com'"));

    const auto inside = server.cli({"delegation", "add", "www.validation.example.net"});
    INFO("stderr: " << inside.err);
    CHECK(inside.exit_code == 2);
    CHECK(contains(inside.err, "inside the validation zone"));

    const auto bad = server.cli({"delegation", "add", "bad host!.example.com"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "bad host!"));

    CHECK(data_lines(require_ok(server.cli({"delegation", "list"})).out).empty());
}

TEST_CASE("every one-host command refuses a wildcard with the usage exit code, names the host "
          "to register, and changes nothing",
          "[integration][cli][delegation]") {
    TestServer server;
    require_ok(server.cli({"delegation", "add", "example.com"}));
    server.txt_add("example.com", "kept-value");
    const std::vector<std::vector<std::string>> commands = {
        {"delegation", "show", "*.example.com"},
        {"delegation", "rm", "--yes", "*.example.com"},
        {"txt", "add", "*.example.com", "new-value"},
        {"txt", "rm", "*.example.com", "kept-value"},
    };
    for (const auto& command : commands) {
        const auto refused = server.cli(command);
        INFO(command[0] << " " << command[1] << " stderr: " << refused.err);
        CHECK(refused.exit_code == 2);
        CHECK(contains(refused.err, "register 'example.com'"));
    }
    const auto listed = require_ok(server.cli({"txt", "list"}));
    CHECK(contains(listed.out, "kept-value"));
    CHECK_FALSE(contains(listed.out, "new-value"));
    CHECK(data_lines(require_ok(server.cli({"delegation", "list"})).out).size() == 1);
}

TEST_CASE("delegation add and show take IDNA hosts and show their A-labels",
          "[integration][cli][delegation]") {
    TestServer server;
    const auto added = require_ok(server.cli({"delegation", "add",
                                              "b\xc3\xbc"
                                              "cher.example"}));
    CHECK(contains(added.out, "xn--bcher-kva.example\tpending\t_acme-challenge.xn--bcher-kva."
                              "example. CNAME xn--bcher-kva.example." +
                                  std::string(zone_apex)));
    const auto by_u_label = require_ok(server.cli({"delegation", "show",
                                                   "B\xc3\x9c"
                                                   "cher.example"}));
    CHECK(contains(by_u_label.out, "host\txn--bcher-kva.example\n"));
    const auto by_a_label = require_ok(server.cli({"delegation", "show", "xn--bcher-kva.example"}));
    CHECK(by_a_label.out == by_u_label.out);
}

TEST_CASE("txt add and rm take a value starting with '-' after '--'; without it the error says so",
          "[integration][cli][issue-3]") {
    TestServer server;
    const std::string config = server.config_path().string();
    const std::string host = "dash.example.com";
    const std::string value = "-Zx3_digest-with-leading-hyphen";

    const auto bare = server.run({DCVD_BINARY, "txt", "add", "--config", config, host, value});
    INFO("stderr: " << bare.err);
    CHECK(bare.exit_code == 2);
    CHECK(contains(bare.err, "'--'"));
    // "-h..." is no help flag here: it must not exit 0 having published nothing.
    const auto help_like =
        server.run({DCVD_BINARY, "txt", "add", "--config", config, host, "-hZx3_digest"});
    INFO("stderr: " << help_like.err);
    CHECK(help_like.exit_code == 2);
    CHECK(contains(help_like.err, "'--'"));

    const auto added = server.run(
        {DCVD_BINARY, "txt", "add", "--config", config, "--ttl", "60", "--", host, value});
    INFO("stderr: " << added.err);
    REQUIRE(added.exit_code == 0);
    CHECK(txt_values(*server.udp_query({.name = target_of(host)})) ==
          std::vector<std::string>{value});

    const auto removed =
        server.run({DCVD_BINARY, "txt", "rm", "--config", config, "--", host, value});
    INFO("stderr: " << removed.err);
    REQUIRE(removed.exit_code == 0);
    CHECK(contains(removed.out, "removed 1 value(s)"));
    CHECK(txt_values(*server.udp_query({.name = target_of(host)})).empty());
}

} // namespace dcvd::integration
