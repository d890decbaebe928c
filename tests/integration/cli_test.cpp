// integration/cli_test.cpp: the operators' commands against a running server's store: txt
// import/list, token create/list/revoke, export (checked by ldns-read-zone), check-config,
// version, --help, exit codes.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "test_server.hpp"

namespace dcvd::integration {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Our configuration with `insertion` placed right after the [dns] table header.
std::filesystem::path config_with(const TestServer& server, const std::string& insertion) {
    std::string text = read_text_file(server.config_path());
    const auto table = text.find("[dns]\n");
    REQUIRE(table != std::string::npos);
    text.insert(table + 6, insertion);
    const auto path = server.dir() / "edited.toml";
    write_text_file(path, text);
    return path;
}

} // namespace

TEST_CASE("txt import loads HOST<TAB>VALUE[<TAB>TTL] lines from a file and from stdin",
          "[integration][cli]") {
    TestServer server;
    const auto file = server.dir() / "import.tsv";
    write_text_file(file, "alpha.example.com\tvalue-alpha\nbeta.example.com\tvalue-beta\t300\n");
    const auto from_file = server.cli({"txt", "import", file.string()});
    INFO(from_file.err);
    REQUIRE(from_file.exit_code == 0);

    const auto from_stdin =
        server.cli({"txt", "import", "-"}, std::string("gamma.example.com\tvalue-gamma\n"));
    INFO(from_stdin.err);
    REQUIRE(from_stdin.exit_code == 0);

    CHECK(txt_values(*server.udp_query({.name = target_of("alpha.example.com")})) ==
          std::vector<std::string>{"value-alpha"});
    const auto beta = server.udp_query({.name = target_of("beta.example.com")});
    REQUIRE(txt_values(*beta) == std::vector<std::string>{"value-beta"});
    CHECK(ldns_rr_ttl(records(*beta, LDNS_SECTION_ANSWER).front()) == 300);
    CHECK(txt_values(*server.udp_query({.name = target_of("gamma.example.com")})) ==
          std::vector<std::string>{"value-gamma"});
}

TEST_CASE("txt import names the first bad line and applies nothing of the file",
          "[integration][cli]") {
    TestServer server;
    const auto file = server.dir() / "broken.tsv";
    write_text_file(file, "good.example.com\tvalue-good\n"
                          "no-tab-on-this-line.example.com value\n"
                          "later.example.com\tvalue-later\n");
    const auto result = server.cli({"txt", "import", file.string()});
    INFO("stderr: " << result.err);
    CHECK(result.exit_code != 0);
    CHECK(std::regex_search(result.err, std::regex(R"((:2:|line 2\b))")));

    for (const char* host : {"good.example.com", "later.example.com"}) {
        INFO("host " << host);
        const auto response = server.udp_query({.name = target_of(host)});
        CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NXDOMAIN);
    }
}

TEST_CASE("txt list shows the stored values", "[integration][cli]") {
    TestServer server;
    server.txt_add("www.example.com", "listed-value-one");
    server.txt_add("shop.example.org", "listed-value-two");

    const auto all = server.cli({"txt", "list"});
    INFO(all.err);
    REQUIRE(all.exit_code == 0);
    CHECK(contains(all.out, "www.example.com"));
    CHECK(contains(all.out, "listed-value-one"));
    CHECK(contains(all.out, "listed-value-two"));

    const auto one = server.cli({"txt", "list", "www.example.com"});
    REQUIRE(one.exit_code == 0);
    CHECK(contains(one.out, "listed-value-one"));
    CHECK_FALSE(contains(one.out, "listed-value-two"));
}

TEST_CASE("at log.level info the tools print their result and no log lines; at debug they log",
          "[integration][cli]") {
    TestServer server;
    std::string text = read_text_file(server.config_path());
    const std::string debug = "level = \"debug\"";
    const auto level = text.find(debug);
    REQUIRE(level != std::string::npos);
    text.replace(level, debug.size(), "level = \"info\"");
    const auto path = server.dir() / "info.toml";
    write_text_file(path, text);
    const auto added = server.run(
        {DCVD_BINARY, "txt", "add", "quiet.example.com", "quiet-value", "--config", path.string()});
    CHECK(added.exit_code == 0);
    CHECK(contains(added.out, "quiet-value"));
    CHECK(added.err.empty());
    // At log.level debug the tools log as configured.
    CHECK(contains(server.cli({"txt", "list"}).err, "store opened"));
}

TEST_CASE("txt add refuses an invalid host and publishes nothing", "[integration][cli]") {
    TestServer server;
    const auto result = server.cli({"txt", "add", "bad host!.example.com", "some-value"});
    CHECK(result.exit_code != 0);
    CHECK_FALSE(result.err.empty());
    const auto all = server.cli({"txt", "list"});
    REQUIRE(all.exit_code == 0);
    CHECK_FALSE(contains(all.out, "some-value"));
}

TEST_CASE("token create prints the token alone on stdout's first line; list shows it without "
          "the secret; revoke deletes it",
          "[integration][cli][tokens]") {
    TestServer server;
    const auto created =
        server.cli({"token", "create", "ci", "--scope", "write", "--hosts", "Example.COM."});
    INFO("stderr: " << created.err);
    REQUIRE(created.exit_code == 0);
    const std::string first_line = created.out.substr(0, created.out.find('\n'));
    CHECK(std::regex_match(first_line, std::regex(R"(dcvd_[A-Za-z0-9_-]{43})")));
    CHECK(created.out == first_line + "\n");
    CHECK(contains(created.err, "once"));
    CHECK_FALSE(contains(created.err, first_line));

    const auto other = server.cli({"token", "create", "ops", "--scope", "admin"});
    REQUIRE(other.exit_code == 0);
    CHECK(other.out != created.out);

    const auto listed = server.cli({"token", "list"});
    INFO("stderr: " << listed.err);
    REQUIRE(listed.exit_code == 0);
    CHECK(std::regex_search(
        listed.out, std::regex(R"(\nci\twrite\texample\.com\t\d{4}-\d\d-\d\dT[0-9:]{8}Z\n)")));
    CHECK(std::regex_search(listed.out, std::regex(R"(\nops\tadmin\t\*\t)")));
    CHECK_FALSE(contains(listed.out, "dcvd_"));
    CHECK_FALSE(contains(listed.err, "dcvd_"));
    CHECK(listed.out.find("\nci\t") < listed.out.find("\nops\t")); // sorted by name

    const auto revoked = server.cli({"token", "revoke", "ci"});
    INFO("stderr: " << revoked.err);
    REQUIRE(revoked.exit_code == 0);
    const auto after = server.cli({"token", "list"});
    REQUIRE(after.exit_code == 0);
    CHECK_FALSE(contains(after.out, "\nci\t"));
    CHECK(contains(after.out, "\nops\t"));
}

TEST_CASE("token create refuses a taken name, a bad name, a bad scope and a bad host; revoke "
          "refuses an unknown name",
          "[integration][cli][tokens]") {
    TestServer server;
    REQUIRE(server.cli({"token", "create", "ci", "--scope", "read"}).exit_code == 0);

    const auto taken = server.cli({"token", "create", "ci", "--scope", "write"});
    INFO("stderr: " << taken.err);
    CHECK(taken.exit_code != 0);
    CHECK(contains(taken.err, "ci"));
    CHECK(taken.out.empty());

    const auto scope = server.cli({"token", "create", "deploy", "--scope", "owner"});
    INFO("stderr: " << scope.err);
    CHECK(scope.exit_code == 2);
    CHECK(contains(scope.err, "owner"));
    CHECK(scope.out.empty());

    const auto name = server.cli({"token", "create", "bad/name", "--scope", "read"});
    CHECK(name.exit_code == 2);
    CHECK(contains(name.err, "bad/name"));

    const auto host = server.cli(
        {"token", "create", "deploy", "--scope", "write", "--hosts", "bad host!.example.com"});
    CHECK(host.exit_code == 2);
    CHECK(host.out.empty());

    const auto missing_scope = server.cli({"token", "create", "deploy"});
    CHECK(missing_scope.exit_code == 2);

    const auto unknown = server.cli({"token", "revoke", "no-such-token"});
    INFO("stderr: " << unknown.err);
    CHECK(unknown.exit_code != 0);
    CHECK(contains(unknown.err, "no-such-token"));

    const auto listed = server.cli({"token", "list"});
    REQUIRE(listed.exit_code == 0);
    CHECK(contains(listed.out, "\nci\tread\t*\t"));
    CHECK_FALSE(contains(listed.out, "deploy"));
}

TEST_CASE("export prints a zone file that ldns-read-zone accepts, holding the added values",
          "[integration][cli]") {
    TestServer server;
    server.txt_add("www.example.com", "exported-value-one");
    server.txt_add("www.example.com", "exported-value-two");
    const auto exported = server.cli({"export"});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);

    const auto file = server.dir() / "exported.zone";
    write_text_file(file, exported.out);
    const auto checked = server.run({"ldns-read-zone", file.string()});
    INFO("ldns-read-zone stderr: " << checked.err);
    REQUIRE(checked.exit_code == 0);
    // ldns-read-zone prints the zone back in its canonical presentation form.
    CHECK(contains(checked.out, std::string(zone_apex) + "\t"));
    CHECK(contains(checked.out, "\tIN\tSOA\t"));
    CHECK(contains(checked.out, target_of("www.example.com")));
    CHECK(contains(checked.out, "\"exported-value-one\""));
    CHECK(contains(checked.out, "\"exported-value-two\""));
    CHECK(contains(checked.out, apex_txt));
}

TEST_CASE("check-config prints the effective configuration and exits 0", "[integration][cli]") {
    TestServer server;
    const auto result = server.cli({"check-config"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "tcp_max_connections"));
    CHECK(contains(result.out, server.zone_path().string()));
}

TEST_CASE("check-config refuses unknown keys and bad values, naming each, with exit 2 "
          "(STYLE.md §8)",
          "[integration][cli]") {
    TestServer server;
    const auto path = config_with(server, "frobnicate = true\n");
    const auto unknown = server.run({DCVD_BINARY, "check-config", "--config", path.string()});
    INFO("stderr: " << unknown.err);
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "frobnicate"));

    const auto both = config_with(server, "frobnicate = true\nudp_buffer_bytes = \"large\"\n");
    const auto two = server.run({DCVD_BINARY, "check-config", "--config", both.string()});
    INFO("stderr: " << two.err);
    CHECK(two.exit_code == 2);
    CHECK(contains(two.err, "frobnicate"));
    CHECK(contains(two.err, "udp_buffer_bytes"));
}

TEST_CASE("--help of every command exits 0 and prints usage", "[integration][cli]") {
    TestServer server;
    const std::vector<std::vector<std::string>> commands{
        {},
        {"serve"},
        {"check-config"},
        {"txt"},
        {"txt", "add"},
        {"txt", "rm"},
        {"txt", "list"},
        {"txt", "import"},
        {"token"},
        {"token", "create"},
        {"token", "list"},
        {"token", "revoke"},
        {"delegation"},
        {"delegation", "add"},
        {"delegation", "show"},
        {"delegation", "list"},
        {"delegation", "rm"},
        {"export"},
        {"version"},
    };
    for (const auto& command : commands) {
        std::vector<std::string> argv{DCVD_BINARY};
        argv.insert(argv.end(), command.begin(), command.end());
        argv.emplace_back("--help");
        const auto result = server.run(argv);
        INFO("dcvd " << Catch::Detail::stringify(command) << " --help; stderr: " << result.err);
        CHECK(result.exit_code == 0);
        CHECK(contains(result.out, "Usage"));
    }
}

TEST_CASE("version prints the version and exits 0; usage errors exit 2", "[integration][cli]") {
    TestServer server;
    const auto version = server.run({DCVD_BINARY, "version"});
    CHECK(version.exit_code == 0);
    CHECK(std::regex_search(version.out, std::regex(R"(\d+\.\d+\.\d+)")));

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"no-such-command"}, {"txt", "add"}, {"txt", "add", "--ttl"}}) {
        std::vector<std::string> argv{DCVD_BINARY};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto result = server.run(argv);
        INFO("dcvd " << Catch::Detail::stringify(args) << "; stderr: " << result.err);
        CHECK(result.exit_code == 2);
    }
}

} // namespace dcvd::integration
