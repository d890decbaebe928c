// integration/tools_test.cpp: the server as standard clients see it: kdig (Knot) and dig (BIND)
// look values up over UDP and TCP and we read their output.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_server.hpp"

namespace dcvd::integration {
namespace {

/// The values of a "+short" TXT answer: one quoted string per line.
std::set<std::string> short_txt_values(const std::string& output) {
    std::set<std::string> values;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
            values.insert(line.substr(1, line.size() - 2));
        }
    }
    return values;
}

} // namespace

TEST_CASE("kdig and dig find the values over UDP and over TCP", "[integration][tools]") {
    TestServer server;
    server.txt_add("www.example.com", "tool-value-one");
    server.txt_add("www.example.com", "tool-value-two");

    const std::string tool = GENERATE("kdig", "dig");
    const std::string transport = GENERATE("+notcp", "+tcp");
    const Endpoint& endpoint = transport == "+tcp" ? server.tcp() : server.udp();
    const std::vector<std::string> argv{tool,       "@" + endpoint.host(),
                                        "-p",       std::to_string(endpoint.port()),
                                        transport,  "+timeout=2",
                                        "+retry=0", "+short",
                                        "TXT",      target_of("www.example.com")};
    const auto result = server.run(argv);
    INFO(tool << " " << transport << " stdout: " << result.out << " stderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(short_txt_values(result.out) ==
          std::set<std::string>{"tool-value-one", "tool-value-two"});
}

TEST_CASE("dig shows an authoritative NXDOMAIN without recursion available",
          "[integration][tools]") {
    TestServer server;
    const auto result =
        server.run({"dig", "@" + server.udp().host(), "-p", std::to_string(server.udp().port()),
                    "+timeout=2", "+retry=0", "TXT", target_of("absent.example.com")});
    INFO("stdout: " << result.out << " stderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("status: NXDOMAIN") != std::string::npos);
    std::smatch flags;
    REQUIRE(std::regex_search(result.out, flags, std::regex(";; flags:([a-z ]*);")));
    const std::string flag_list = flags[1].str() + " ";
    CHECK(flag_list.find(" aa ") != std::string::npos);
    CHECK(flag_list.find(" ra ") == std::string::npos);
}

} // namespace dcvd::integration
