// zone/static_zone_test.cpp: loading a good zone, the lookups the answer path makes, glue,
// RRset rules (RFC 2181 §5) and the content digest.
#include <algorithm>
#include <array>

#include <catch2/catch.hpp>

#include "dcvd/zone/static_zone.hpp"
#include "zone_test_util.hpp"

namespace dcvd::zone {
namespace {

using test::key_of;
using test::load_ok;
using test::name_wire;

constexpr std::uint16_t type_a = 1;
constexpr std::uint16_t type_ns = 2;
constexpr std::uint16_t type_soa = 6;
constexpr std::uint16_t type_txt = 16;
constexpr std::uint16_t type_aaaa = 28;

std::vector<std::uint8_t> bytes(std::initializer_list<std::uint8_t> list) {
    return list;
}

TEST_CASE("a good zone loads with its SOA fields (RFC 1035 §3.3.13)", "[zone]") {
    const auto zone = load_ok("good.zone");
    CHECK(zone->apex().equals(test::test_apex()));
    const Soa& soa = zone->soa();
    CHECK(soa.ttl == 3600);
    CHECK(soa.serial == 2024010101);
    CHECK(soa.minimum == 300);
    // MNAME ns1.validation.example.net. (28 octets) and RNAME hostmaster.example.net. (24).
    CHECK(soa.serial_offset == 52);
    REQUIRE(soa.rdata.size() == soa.serial_offset + 20);
    CHECK(std::vector<std::uint8_t>(soa.rdata.begin() + 52, soa.rdata.begin() + 56) ==
          bytes({0x78, 0xa3, 0xf1, 0x75})); // 2024010101
    CHECK(std::vector<std::uint8_t>(soa.rdata.begin(), soa.rdata.begin() + 28) ==
          name_wire("ns1.validation.example.net."));
}

TEST_CASE("negative TTL is min(SOA TTL, SOA MINIMUM) (RFC 2308 §5)", "[zone]") {
    CHECK(load_ok("good.zone")->soa().negative_ttl() == 300);
    CHECK(load_ok("../../../zones/validation.example.net.zone")->soa().negative_ttl() == 60);
}

TEST_CASE("RRsets are sorted by (key, type), owners lower-cased, keys relative to the apex",
          "[zone]") {
    const auto zone = load_ok("good.zone");
    const auto rrsets = zone->rrsets();
    REQUIRE(rrsets.size() == 7); // apex NS, SOA, TXT; mail.ops A; ns1 A, AAAA; ns2 A
    CHECK(std::is_sorted(rrsets.begin(), rrsets.end(), [](const RRset& a, const RRset& b) {
        return a.key < b.key || (a.key == b.key && a.type < b.type);
    }));
    CHECK(rrsets[0].key.empty());
    CHECK(rrsets[0].type == type_ns);
    CHECK(rrsets[1].type == type_soa);
    CHECK(rrsets[2].type == type_txt);
    const RRset* ns1 = zone->find(key_of("ns1.validation.example.net."), type_a);
    REQUIRE(ns1 != nullptr);
    // Written "NS1" in the file.
    CHECK(ns1->owner.to_text() == "ns1.validation.example.net.");
    CHECK(ns1->rdatas == std::vector<std::vector<std::uint8_t>>{bytes({192, 0, 2, 1})});
}

TEST_CASE("find returns the RRset of one type at one key, or nullptr", "[zone]") {
    const auto zone = load_ok("good.zone");
    const RRset* mail = zone->find(key_of("mail.ops.validation.example.net."), type_a);
    REQUIRE(mail != nullptr);
    CHECK(mail->ttl == 300);
    CHECK(mail->rdatas.front() == bytes({192, 0, 2, 25}));
    CHECK(zone->find({}, type_soa) != nullptr);
    CHECK(zone->find({}, type_a) == nullptr);
    CHECK(zone->find(key_of("mail.ops.validation.example.net."), type_aaaa) == nullptr);
    CHECK(zone->find(key_of("ops.validation.example.net."), type_a) == nullptr);
    CHECK(zone->find(key_of("zzz.validation.example.net."), type_a) == nullptr);
}

TEST_CASE("an empty non-terminal has descendants but no owner (RFC 8020)", "[zone]") {
    const auto zone = load_ok("good.zone");
    CHECK(zone->first_at(key_of("ops.validation.example.net.")) == nullptr);
    CHECK(zone->has_descendant(key_of("ops.validation.example.net.")));
    CHECK(zone->first_at(key_of("mail.ops.validation.example.net.")) != nullptr);
    CHECK_FALSE(zone->has_descendant(key_of("mail.ops.validation.example.net.")));
    REQUIRE(zone->first_at({}) != nullptr);
    CHECK(zone->first_at({})->type == type_ns); // the lowest type at the owner comes first
    CHECK(zone->has_descendant({}));
    // "op" is a prefix of "ops" as text but not as a label: no descendant.
    CHECK_FALSE(zone->has_descendant(key_of("op.validation.example.net.")));
    CHECK(zone->first_at(key_of("nothing.validation.example.net.")) == nullptr);
    CHECK_FALSE(zone->has_descendant(key_of("nothing.validation.example.net.")));
}

TEST_CASE("glue is the A and AAAA of the apex NS targets inside the zone", "[zone]") {
    const auto zone = load_ok("good.zone");
    std::vector<std::pair<std::string, std::uint16_t>> glue;
    for (const RRset* rrset : zone->glue()) {
        glue.emplace_back(rrset->owner.to_text(), rrset->type);
    }
    // ns.example.org. is outside the zone; mail.ops is no NS target.
    CHECK(glue == std::vector<std::pair<std::string, std::uint16_t>>{
                      {"ns1.validation.example.net.", type_a},
                      {"ns1.validation.example.net.", type_aaaa},
                      {"ns2.validation.example.net.", type_a}});
}

TEST_CASE("names in rdata stay as written, uncompressed", "[zone]") {
    const auto zone = load_ok("reformatted.zone");
    const RRset* ns = zone->find({}, type_ns);
    REQUIRE(ns != nullptr);
    REQUIRE(ns->rdatas.size() == 3);
    CHECK(std::find(ns->rdatas.begin(), ns->rdatas.end(),
                    name_wire("NS2.Validation.Example.Net.")) != ns->rdatas.end());
}

TEST_CASE("differing TTLs in an RRset become the lowest, with a warning (RFC 2181 §5.2)",
          "[zone]") {
    const test::LogCapture log;
    const auto zone = load_ok("ttl_and_duplicates.zone");
    const RRset* ns1 = zone->find(key_of("ns1.validation.example.net."), type_a);
    REQUIRE(ns1 != nullptr);
    CHECK(ns1->ttl == 120);
    CHECK_THAT(log.text(), Catch::Contains("warning rrset ttls differ") &&
                               Catch::Contains("line=4 owner=ns1.validation.example.net. "
                                               "type=A ttl=120"));
}

TEST_CASE("duplicate records are dropped, with a warning (RFC 2181 §5)", "[zone]") {
    const test::LogCapture log;
    const auto zone = load_ok("ttl_and_duplicates.zone");
    const RRset* ns1 = zone->find(key_of("ns1.validation.example.net."), type_a);
    REQUIRE(ns1 != nullptr);
    CHECK(ns1->rdatas ==
          std::vector<std::vector<std::uint8_t>>{bytes({192, 0, 2, 1}), bytes({192, 0, 2, 2})});
    CHECK_THAT(log.text(), Catch::Contains("warning duplicate records dropped") &&
                               Catch::Contains("line=6 owner=ns1.validation.example.net. "
                                               "type=A count=1"));
}

TEST_CASE("the digest ignores layout, order, name form, TTL units, case and the serial", "[zone]") {
    const auto good = load_ok("good.zone");
    CHECK(load_ok("reformatted.zone")->digest() == good->digest());
    CHECK(load_ok("serial_bumped.zone")->digest() == good->digest());
    CHECK(load_ok("serial_bumped.zone")->soa().serial == 2024020202);
}

TEST_CASE("the digest changes with the content", "[zone]") {
    const auto good = load_ok("good.zone");
    CHECK(load_ok("content_changed.zone")->digest() != good->digest());
    CHECK(good->digest() != std::array<std::uint8_t, 32>{});
}

TEST_CASE("the default zone holds SOA, two NS and their A and AAAA glue, nothing else", "[zone]") {
    const auto zone = load_ok("../../../zones/validation.example.net.zone");
    const Soa& soa = zone->soa();
    CHECK(soa.serial == 1);
    CHECK(soa.ttl == 3600);
    CHECK(soa.minimum == 60);
    CHECK(zone->rrsets().size() == 6);
    const RRset* ns = zone->find({}, type_ns);
    REQUIRE(ns != nullptr);
    CHECK(ns->rdatas ==
          std::vector<std::vector<std::uint8_t>>{name_wire("ns1.validation.example.net."),
                                                 name_wire("ns2.validation.example.net.")});
    REQUIRE(zone->glue().size() == 4);
    const RRset* ns2_aaaa = zone->find(key_of("ns2.validation.example.net."), type_aaaa);
    REQUIRE(ns2_aaaa != nullptr);
    CHECK(ns2_aaaa->rdatas.front() ==
          bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}));
    CHECK(zone->find(key_of("ns2.validation.example.net."), type_a)->rdatas.front() ==
          bytes({198, 51, 100, 1}));
}

TEST_CASE("a missing zone file is an error naming it", "[zone]") {
    const auto loaded = StaticZone::load(test::data_path("absent.zone"), test::test_apex());
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code == base::ErrorCode::NotFound);
    CHECK_THAT(loaded.error().message,
               Catch::StartsWith(test::data_path("absent.zone") + ": cannot read the zone file"));
}

TEST_CASE("parse reads zone text with the origin label in its messages", "[zone]") {
    const auto good = StaticZone::parse("@ SOA ns1 h.example.net. 7 1 1 1 1\n@ NS ns1\n",
                                        test::test_apex(), "inline");
    REQUIRE(good.has_value());
    CHECK((*good)->soa().serial == 7);
    const auto bad = StaticZone::parse("@ SOA ns1 h.example.net. 7 1 1 1 1\n@ NS ns1\nx CNAME y\n",
                                       test::test_apex(), "inline");
    REQUIRE_FALSE(bad.has_value());
    CHECK_THAT(bad.error().message, Catch::StartsWith("inline:3: CNAME at x."));
}

} // namespace
} // namespace dcvd::zone
