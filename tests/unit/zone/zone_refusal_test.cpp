// zone/zone_refusal_test.cpp: every zone file dcvd refuses, each with "<file>:<line>: <reason>".
#include <catch2/catch.hpp>

#include "dcvd/zone/static_zone.hpp"
#include "zone_test_util.hpp"

namespace dcvd::zone {
namespace {

/// Loads tests/data/zone/refused/<name> and returns its error message (the load must fail).
std::string refusal_of(const std::string& name) {
    const auto loaded = StaticZone::load(test::data_path("refused/" + name), test::test_apex());
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code == base::ErrorCode::Invalid);
    return loaded.error().message;
}

/// "<path of refused/name>:<line>: " followed by `reason`.
std::string located(const std::string& name, int line, const std::string& reason) {
    return test::data_path("refused/" + name) + ":" + std::to_string(line) + ": " + reason;
}

TEST_CASE("an empty zone file is refused", "[zone]") {
    CHECK(refusal_of("empty.zone") ==
          located("empty.zone", 1, "the zone file holds no records: it needs the apex SOA and NS"));
    CHECK(refusal_of("comments_only.zone") ==
          located("comments_only.zone", 1,
                  "the zone file holds no records: it needs the apex SOA and NS"));
}

TEST_CASE("a zone without an SOA is refused (RFC 1035 §5.2)", "[zone]") {
    CHECK(refusal_of("no_soa.zone") ==
          located("no_soa.zone", 3, "no SOA record at the apex validation.example.net."));
}

TEST_CASE("a second SOA is refused: a zone has exactly one", "[zone]") {
    CHECK(refusal_of("second_soa.zone") ==
          located("second_soa.zone", 5,
                  "a second SOA record (the first is at line 1): a zone has exactly one"));
}

TEST_CASE("an SOA whose owner is not the apex is refused", "[zone]") {
    CHECK(refusal_of("soa_not_apex.zone") ==
          located("soa_not_apex.zone", 3,
                  "SOA owner www.validation.example.net. is not the zone apex "
                  "validation.example.net."));
}

TEST_CASE("a zone without NS records at the apex is refused", "[zone]") {
    CHECK(refusal_of("no_apex_ns.zone") ==
          located("no_apex_ns.zone", 3,
                  "no NS records at the apex validation.example.net.: the zone must name its "
                  "servers"));
}

TEST_CASE("an owner outside the zone is refused", "[zone]") {
    CHECK(refusal_of("outside_zone.zone") ==
          located("outside_zone.zone", 5,
                  "owner www.example.com. is outside the zone validation.example.net."));
}

TEST_CASE("NS below the apex is refused: dcvd serves no delegations", "[zone]") {
    CHECK(refusal_of("ns_below_apex.zone") ==
          located("ns_below_apex.zone", 5,
                  "NS at sub.validation.example.net. would delegate a subzone: dcvd serves no "
                  "delegations, NS records belong at the apex only"));
}

TEST_CASE("CNAME is refused: it would shadow or break challenge targets", "[zone]") {
    CHECK(refusal_of("cname.zone") ==
          located("cname.zone", 5,
                  "CNAME at www.validation.example.net. is not allowed: challenge targets live "
                  "in the store (LMDB), and a CNAME in the static zone would shadow or break "
                  "them"));
}

TEST_CASE("DNAME is refused: it would redirect challenge targets", "[zone]") {
    CHECK(refusal_of("dname.zone") ==
          located("dname.zone", 5,
                  "DNAME at hosts.validation.example.net. is not allowed: it would redirect "
                  "every name below it, challenge targets (which live in the store, LMDB) "
                  "included"));
}

TEST_CASE("wildcard owners are refused", "[zone]") {
    CHECK(refusal_of("wildcard.zone") ==
          located("wildcard.zone", 5,
                  "wildcard owner *.validation.example.net. is not allowed: it would answer for "
                  "names that must not exist, such as targets of unregistered hosts"));
}

TEST_CASE("classes other than IN are refused", "[zone]") {
    CHECK(refusal_of("class_ch.zone") ==
          located("class_ch.zone", 5, "class CH is not supported: dcvd serves class IN only"));
}

TEST_CASE("meta types are refused: they are not zone data (RFC 6895 §3.1)", "[zone]") {
    CHECK(refusal_of("meta_type.zone") ==
          located("meta_type.zone", 5, "ANY is a meta type, not zone data"));
}

TEST_CASE("$INCLUDE is refused", "[zone]") {
    CHECK(refusal_of("include.zone") ==
          located("include.zone", 5,
                  "$INCLUDE is not supported: the static zone is one self-contained file"));
}

TEST_CASE("a syntax error carries ldns's reason and the line", "[zone]") {
    CHECK(refusal_of("syntax.zone") ==
          located("syntax.zone", 5, "Syntax error, could not parse the RR's rdata"));
}

TEST_CASE("every refused record is reported at once, one per line", "[zone]") {
    CHECK(refusal_of("several.zone") ==
          located("several.zone", 3,
                  "CNAME at www.validation.example.net. is not allowed: challenge targets live "
                  "in the store (LMDB), and a CNAME in the static zone would shadow or break "
                  "them") +
              "\n" +
              located("several.zone", 4,
                      "wildcard owner *.x.validation.example.net. is not allowed: it would answer "
                      "for names that must not exist, such as targets of unregistered hosts"));
}

} // namespace
} // namespace dcvd::zone
