// integration/metrics_test.cpp: GET /metrics on the real server: the counters move by exactly
// what a test sends (DNS by transport, qtype and RCODE; drops; API responses by route and
// status; commits), registrations show in the state gauge, and every line parses.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "support/http_test_client.hpp"
#include "test_server.hpp"

namespace dcvd::integration {
namespace {

using Samples = std::map<std::string, double>;       ///< "name{labels}" as written → value
using Families = std::map<std::string, std::string>; ///< name → type

// Parses a scrape, checking the format on the way: every sample line is `name{labels} value`
// with well-formed, escaped label values, and comes after its family's HELP and TYPE lines.
Samples parse_scrape(const std::string& body, Families* families = nullptr) {
    static const std::regex sample(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")"
        R"((?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? ([-+0-9.eE]+|\+Inf|NaN))");
    static const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)");
    static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
    Samples samples;
    std::set<std::string> helped;
    std::set<std::string> typed;
    std::istringstream lines(body);
    std::string line;
    std::smatch match;
    REQUIRE(!body.empty());
    REQUIRE(body.back() == '\n');
    while (std::getline(lines, line)) {
        INFO("line: " << line);
        if (std::regex_match(line, match, help)) {
            CHECK(helped.insert(match[1]).second); // one HELP per family
            continue;
        }
        if (std::regex_match(line, match, type)) {
            CHECK(helped.count(match[1]) == 1); // HELP comes first
            CHECK(typed.insert(match[1]).second);
            if (families != nullptr) {
                (*families)[match[1]] = match[2];
            }
            continue;
        }
        REQUIRE(std::regex_match(line, match, sample));
        std::string family = match[1];
        for (const char* suffix : {"_bucket", "_sum", "_count"}) {
            const std::string end = suffix;
            if (typed.count(family) == 0 && family.size() > end.size() &&
                family.compare(family.size() - end.size(), end.size(), end) == 0) {
                family.resize(family.size() - end.size());
            }
        }
        CHECK(typed.count(family) == 1);
        const std::string key = std::string(match[1]) + std::string(match[2]);
        CHECK(samples.count(key) == 0); // no series twice
        samples[key] = std::stod(match[3]);
    }
    return samples;
}

ldns_pkt_rcode rcode_of(const Packet& packet) {
    return ldns_pkt_get_rcode(packet.get());
}

double value(const Samples& samples, const std::string& key) {
    const auto found = samples.find(key);
    return found == samples.end() ? 0.0 : found->second;
}

api::test::ParsedResponse request(api::test::HttpTestClient& client, const std::string& text) {
    client.send(text);
    auto response = client.receive();
    REQUIRE(response);
    return *response;
}

Samples scrape(api::test::HttpTestClient& client, Families* families = nullptr) {
    const auto response = request(client, "GET /metrics HTTP/1.1\r\nHost: dcvd\r\n\r\n");
    REQUIRE(response.status == 200);
    CHECK(response.headers.at("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    return parse_scrape(response.body, families);
}

std::string with_body(const std::string& head, const std::string& token, const std::string& body) {
    return head + " HTTP/1.1\r\nHost: dcvd\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

} // namespace

TEST_CASE("GET /metrics: counters move by exactly what was sent; the format parses",
          "[integration][api][metrics]") {
    TestServer server;
    const auto created = server.cli({"token", "create", "metrics", "--scope", "write"});
    INFO("stderr: " << created.err);
    REQUIRE(created.exit_code == 0);
    const std::string token = created.out.substr(0, created.out.find('\n'));

    api::test::HttpTestClient client(server.http_address());
    const Samples before = scrape(client);
    CHECK(value(before, "dcvd_store_delegations{state=\"pending\"}") == 0);
    CHECK(value(before, "dcvd_build_info{version=\"0.1.0\"}") == 1);

    // DNS: five over UDP (one of them a response, dropped), two over TCP.
    const std::string apex = zone_apex;
    CHECK(rcode_of(server.udp_query({.name = apex, .type = LDNS_RR_TYPE_SOA})) ==
          LDNS_RCODE_NOERROR);
    CHECK(rcode_of(server.udp_query({.name = "nothing." + apex})) == LDNS_RCODE_NXDOMAIN);
    CHECK(rcode_of(server.udp_query({.name = apex, .type = LDNS_RR_TYPE_A})) == LDNS_RCODE_NOERROR);
    CHECK(rcode_of(server.udp_query({.name = "example.org.", .type = LDNS_RR_TYPE_A})) ==
          LDNS_RCODE_REFUSED);
    Bytes response_bytes = make_query({.name = apex, .type = LDNS_RR_TYPE_SOA});
    response_bytes[2] |= 0x80U; // QR=1: never answered
    CHECK_FALSE(server.udp_exchange(response_bytes, silence_timeout));
    CHECK(rcode_of(server.tcp_query({.name = apex})) == LDNS_RCODE_NOERROR);
    CHECK(rcode_of(server.tcp_query({.name = apex, .type = LDNS_RR_TYPE_MX})) ==
          LDNS_RCODE_NOERROR);

    // HTTP: a 404, a registration and a value.
    CHECK(request(client, "GET /no/such/route HTTP/1.1\r\nHost: dcvd\r\n\r\n").status == 404);
    CHECK(request(client, with_body("PUT /v1/delegations/www.example.com", token, "")).status ==
          201);
    const auto added = request(client, with_body("POST /v1/delegations/www.example.com/txt", token,
                                                 R"({"value":"metrics-test"})"));
    INFO("add value: " << added.body);
    REQUIRE(added.status / 100 == 2);

    const Samples after = scrape(client);
    const auto delta = [&](const std::string& key) {
        INFO("series: " << key);
        return value(after, key) - value(before, key);
    };
    CHECK(delta("dcvd_dns_queries_total{transport=\"udp\"}") == 5);
    CHECK(delta("dcvd_dns_queries_total{transport=\"tcp\"}") == 2);
    CHECK(delta("dcvd_dns_queries_by_qtype_total{qtype=\"SOA\"}") == 1);
    CHECK(delta("dcvd_dns_queries_by_qtype_total{qtype=\"A\"}") == 2);
    CHECK(delta("dcvd_dns_queries_by_qtype_total{qtype=\"TXT\"}") == 2);
    CHECK(delta("dcvd_dns_queries_by_qtype_total{qtype=\"other\"}") == 1);
    CHECK(delta("dcvd_dns_queries_by_qtype_total{qtype=\"AAAA\"}") == 0);
    CHECK(delta("dcvd_dns_responses_total{rcode=\"NOERROR\"}") == 4);
    CHECK(delta("dcvd_dns_responses_total{rcode=\"NXDOMAIN\"}") == 1);
    CHECK(delta("dcvd_dns_responses_total{rcode=\"REFUSED\"}") == 1);
    CHECK(delta("dcvd_dns_responses_total{rcode=\"SERVFAIL\"}") == 0);
    CHECK(delta("dcvd_dns_dropped_queries_total") == 1);
    CHECK(delta("dcvd_dns_truncated_responses_total") == 0);

    CHECK(delta("dcvd_api_responses_total{method=\"none\",route=\"none\",status=\"404\"}") == 1);
    CHECK(delta("dcvd_api_responses_total{method=\"PUT\",route=\"/v1/delegations/{}\","
                "status=\"201\"}") == 1);
    CHECK(delta("dcvd_api_responses_total{method=\"POST\",route=\"/v1/delegations/{}/txt\","
                "status=\"" +
                std::to_string(added.status) + "\"}") == 1);
    // The first scrape is counted once it was answered.
    CHECK(delta("dcvd_api_responses_total{method=\"GET\",route=\"/metrics\",status=\"200\"}") == 1);

    CHECK(delta("dcvd_store_commits_total") == 2);
    CHECK(delta("dcvd_store_committed_operations_total") == 2);
    CHECK(delta("dcvd_store_commit_duration_seconds_count") == 2);
    CHECK(value(after, "dcvd_store_commit_duration_seconds_bucket{le=\"+Inf\"}") ==
          value(after, "dcvd_store_commit_duration_seconds_count"));
    CHECK(delta("dcvd_store_delegations{state=\"pending\"}") == 1);
    CHECK(value(after, "dcvd_store_delegations{state=\"stale\"}") == 0);
    CHECK(delta("dcvd_store_challenge_values") == 1);
    CHECK(value(after, "dcvd_store_map_used_bytes") > 0);
    CHECK(value(after, "dcvd_store_map_used_bytes") <= value(after, "dcvd_store_map_size_bytes"));

    CHECK(value(after, "dcvd_process_resident_memory_bytes") > 0);
    CHECK(value(after, "dcvd_process_open_fds") > 0);
    CHECK(value(after, "dcvd_process_start_time_seconds") > 1.6e9);
}

TEST_CASE("every series is named dcvd_<component>_<what>_<unit>, _total on counters only, and "
          "documented in OPERATIONS.md (STYLE.md §7)",
          "[integration][api][metrics]") {
    TestServer server;
    api::test::HttpTestClient client(server.http_address());
    CHECK(request(client, "GET /healthz HTTP/1.1\r\nHost: dcvd\r\n\r\n").status == 200);
    Families families;
    (void)scrape(client, &families);
    std::ifstream docs_file(std::string(DCVD_SOURCE_DIR) + "/docs/OPERATIONS.md");
    REQUIRE(docs_file);
    const std::string docs((std::istreambuf_iterator<char>(docs_file)),
                           std::istreambuf_iterator<char>());
    static const std::regex name(R"(dcvd_(dns|api|store|process|build)_[a-z0-9_]*[a-z0-9])");
    CHECK(families.size() == 18); // a new series needs its OPERATIONS.md line: this counts them
    for (const auto& [family, type] : families) {
        INFO("family: " << family << " (" << type << ")");
        CHECK(std::regex_match(family, name));
        const bool is_total = family.size() > 6 && family.ends_with("_total");
        CHECK(is_total == (type == "counter"));
        CHECK(docs.find("`" + family) != std::string::npos);
    }
}

} // namespace dcvd::integration
