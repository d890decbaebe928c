// integration/answers_test.cpp: what the server answers inside and outside the validation zone:
// challenge values at targets, the apex, negative answers, header flags, case, minimal ANY.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>

#include "test_server.hpp"
#include "wait.hpp"

namespace dcvd::integration {
namespace {

using Values = std::multiset<std::string>;

Values txt_set(const ldns_pkt& packet) {
    const auto values = txt_values(packet);
    return {values.begin(), values.end()};
}

/// A negative answer: the SOA alone in authority, owned by the apex, its TTL the negative TTL.
void require_negative(const ldns_pkt& packet, ldns_pkt_rcode rcode, std::uint32_t negative_ttl) {
    REQUIRE(ldns_pkt_get_rcode(&packet) == rcode);
    REQUIRE(ldns_pkt_ancount(&packet) == 0);
    const auto soas = records(packet, LDNS_SECTION_AUTHORITY, LDNS_RR_TYPE_SOA);
    REQUIRE(soas.size() == 1);
    REQUIRE(records(packet, LDNS_SECTION_AUTHORITY).size() == 1);
    CHECK(owner_text(*soas.front()) == zone_apex);
    CHECK(ldns_rr_ttl(soas.front()) == negative_ttl);
}

// The test zone's SOA MINIMUM; its SOA TTL is the fixture's soa_ttl (3600 unless set).
constexpr std::uint32_t soa_minimum = 300;

} // namespace

TEST_CASE("txt add publishes at the target at once, without restart or signal (DESIGN.md §4)",
          "[integration][answers]") {
    TestServer server;
    const auto target = target_of("www.example.com");
    require_negative(*server.udp_query({.name = target}), LDNS_RCODE_NXDOMAIN, soa_minimum);

    server.txt_add("www.example.com", "first-digest-value", {"--ttl", "120"});
    const auto response = server.udp_query({.name = target});
    REQUIRE(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOERROR);
    REQUIRE(txt_values(*response) == std::vector<std::string>{"first-digest-value"});
    const auto answer = records(*response, LDNS_SECTION_ANSWER);
    CHECK(owner_text(*answer.front()) == target);
    CHECK(ldns_rr_ttl(answer.front()) == 120);
}

TEST_CASE("Two values at one target are both served (wildcard + apex order, DESIGN.md §1)",
          "[integration][answers]") {
    TestServer server;
    server.txt_add("example.com", "value-for-the-apex");
    server.txt_add("example.com", "value-for-the-wildcard");
    const auto target = target_of("example.com");
    CHECK(txt_set(*server.udp_query({.name = target})) ==
          Values{"value-for-the-apex", "value-for-the-wildcard"});
    CHECK(txt_set(*server.tcp_query({.name = target})) ==
          Values{"value-for-the-apex", "value-for-the-wildcard"});
}

TEST_CASE("txt rm withdraws one value, then all values; the name stays (RFC 2308 §2.2 NODATA)",
          "[integration][answers]") {
    TestServer server;
    server.txt_add("shop.example.org", "keep-me");
    server.txt_add("shop.example.org", "remove-me");
    const auto target = target_of("shop.example.org");

    const auto removed_one = server.cli({"txt", "rm", "shop.example.org", "remove-me"});
    INFO(removed_one.err);
    REQUIRE(removed_one.exit_code == 0);
    CHECK(txt_set(*server.udp_query({.name = target})) == Values{"keep-me"});

    const auto removed_all = server.cli({"txt", "rm", "shop.example.org"});
    INFO(removed_all.err);
    REQUIRE(removed_all.exit_code == 0);
    require_negative(*server.udp_query({.name = target}), LDNS_RCODE_NOERROR, soa_minimum);
}

TEST_CASE("An expired value is never served (DESIGN.md §4)", "[integration][answers]") {
    TestServer server;
    server.txt_add("expiring.example.com", "lasting-value", {"--expires-in", "3600"});
    server.txt_add("expiring.example.com", "short-lived-value", {"--expires-in", "1"});
    const auto target = target_of("expiring.example.com");

    // The short-lived value may still be served at first; within a few seconds it must be gone.
    Values served;
    const bool expired = wait_until(
        [&] {
            served = txt_set(*server.udp_query({.name = target}));
            return served.count("short-lived-value") == 0;
        },
        std::chrono::seconds(5));
    CHECK(expired);
    CHECK(served == Values{"lasting-value"});
}

TEST_CASE("The apex serves SOA, NS with glue in additional, and its fixed TXT (RFC 1034 §4.3.2)",
          "[integration][answers]") {
    TestServer server;

    const auto soa = server.udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
    REQUIRE(ldns_pkt_get_rcode(soa.get()) == LDNS_RCODE_NOERROR);
    REQUIRE(records(*soa, LDNS_SECTION_ANSWER).size() == 1);
    CHECK(soa_serial(*soa, LDNS_SECTION_ANSWER).has_value());

    const auto ns = server.udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_NS});
    REQUIRE(ldns_pkt_get_rcode(ns.get()) == LDNS_RCODE_NOERROR);
    CHECK(records(*ns, LDNS_SECTION_ANSWER, LDNS_RR_TYPE_NS).size() == 2);
    std::set<std::string> glue;
    for (const ldns_rr* record : records(*ns, LDNS_SECTION_ADDITIONAL)) {
        glue.insert(owner_text(*record) + " " +
                    std::to_string(static_cast<unsigned>(ldns_rr_get_type(record))));
    }
    const std::string ns1 = std::string("ns1.") + zone_apex;
    const std::string ns2 = std::string("ns2.") + zone_apex;
    CHECK(glue == std::set<std::string>{ns1 + " 1", ns1 + " 28", ns2 + " 1", ns2 + " 28"});

    const auto txt = server.udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_TXT});
    CHECK(txt_values(*txt) == std::vector<std::string>{apex_txt});

    const auto address = server.udp_query({.name = ns1, .type = LDNS_RR_TYPE_AAAA});
    CHECK(records(*address, LDNS_SECTION_ANSWER, LDNS_RR_TYPE_AAAA).size() == 1);
}

TEST_CASE("NXDOMAIN carries the zone SOA with TTL min(SOA TTL, MINIMUM) (RFC 2308 §3, §5)",
          "[integration][answers]") {
    const std::uint32_t soa_ttl = GENERATE(3600U, 120U);
    TestServer server({.soa_ttl = soa_ttl});
    const auto response = server.udp_query({.name = target_of("unknown.example.com")});
    require_negative(*response, LDNS_RCODE_NXDOMAIN, std::min(soa_ttl, soa_minimum));
}

TEST_CASE("Other types at a target get NODATA with the SOA (RFC 2308 §2.2)",
          "[integration][answers]") {
    TestServer server;
    server.txt_add("www.example.com", "some-value");
    const auto type = GENERATE(LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA, LDNS_RR_TYPE_CNAME);
    require_negative(*server.udp_query({.name = target_of("www.example.com"), .type = type}),
                     LDNS_RCODE_NOERROR, soa_minimum);
}

TEST_CASE("Empty non-terminals answer NODATA, not NXDOMAIN (RFC 8020 §2)",
          "[integration][answers]") {
    TestServer server;
    server.txt_add("www.example.com", "some-value");
    for (const char* ent : {"example.com", "com"}) {
        INFO("empty non-terminal " << ent);
        require_negative(*server.udp_query({.name = target_of(ent)}), LDNS_RCODE_NOERROR,
                         soa_minimum);
    }
    // Below an existing name, nothing: NXDOMAIN.
    require_negative(*server.udp_query({.name = target_of("deeper.www.example.com")}),
                     LDNS_RCODE_NXDOMAIN, soa_minimum);
}

TEST_CASE("Names outside the zone are REFUSED (RFC 1035 §4.1.1, not authoritative)",
          "[integration][answers]") {
    TestServer server;
    for (const char* name : {"www.example.com.", "example.net.", "net.", "."}) {
        INFO("query for " << name);
        const auto response = server.udp_query({.name = name, .type = LDNS_RR_TYPE_A});
        CHECK(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_REFUSED);
        CHECK(ldns_pkt_ancount(response.get()) == 0);
    }
}

TEST_CASE("Responses set AA, clear RA and copy RD (RFC 1035 §4.1.1)", "[integration][answers]") {
    TestServer server;
    const bool rd = GENERATE(true, false);
    for (const auto& name : {std::string(zone_apex), target_of("missing.example.com")}) {
        INFO("query for " << name << " rd=" << rd);
        const auto response = server.udp_query({.name = name, .rd = rd});
        CHECK(ldns_pkt_qr(response.get()));
        CHECK(ldns_pkt_aa(response.get()));
        CHECK_FALSE(ldns_pkt_ra(response.get()));
        CHECK(ldns_pkt_rd(response.get()) == rd);
    }
}

TEST_CASE("The question is echoed as sent and matched case-insensitively (RFC 4343 §4.1)",
          "[integration][answers]") {
    TestServer server;
    server.txt_add("www.example.com", "case-blind-value");
    const std::string mixed = "WwW.ExAmPlE.cOm.VALIDATION.example.NET.";
    const QuerySpec spec{.name = mixed};
    const Bytes query = make_query(spec);
    const auto wire = server.udp_exchange(query);
    REQUIRE(wire);
    const auto response = checked_response(query, *wire, Transport::Udp);
    // The question section's octets come back exactly as sent, case included.
    REQUIRE(wire->size() >= query.size());
    CHECK(std::equal(query.begin() + 12, query.end(), wire->begin() + 12));
    CHECK(owner_text(*records(*response, LDNS_SECTION_QUESTION).front()) == mixed);
    CHECK(txt_values(*response) == std::vector<std::string>{"case-blind-value"});
}

TEST_CASE("ANY gets a minimal answer of one RRset (RFC 8482 §4.2)", "[integration][answers]") {
    TestServer server;
    const auto response = server.udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_ANY});
    REQUIRE(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOERROR);
    const auto answer = records(*response, LDNS_SECTION_ANSWER);
    REQUIRE_FALSE(answer.empty());
    // The apex holds SOA, NS and TXT: a full ANY answer would mix them.
    for (const ldns_rr* record : answer) {
        CHECK(ldns_rr_get_type(record) == ldns_rr_get_type(answer.front()));
    }
}

} // namespace dcvd::integration
