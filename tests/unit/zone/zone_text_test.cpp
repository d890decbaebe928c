// zone/zone_text_test.cpp: RRsets back to presentation form, as `dcvd export` prints them.
#include <catch2/catch.hpp>

#include "dcvd/zone/zone_text.hpp"
#include "zone_test_util.hpp"

namespace dcvd::zone {
namespace {

constexpr std::uint16_t type_ns = 2;
constexpr std::uint16_t type_soa = 6;

TEST_CASE("the SOA prints with the serial given, not the file's", "[zone]") {
    const auto zone = test::load_ok("good.zone");
    CHECK(rrset_to_text(*zone->find({}, type_soa), 77) ==
          "validation.example.net.\t3600\tIN\tSOA\tns1.validation.example.net. "
          "hostmaster.example.net. 77 3600 600 1209600 300\n");
}

TEST_CASE("an RRset prints one line per record", "[zone]") {
    const auto zone = test::load_ok("good.zone");
    CHECK(rrset_to_text(*zone->find({}, type_ns), 1) ==
          "validation.example.net.\t3600\tIN\tNS\tns.example.org.\n"
          "validation.example.net.\t3600\tIN\tNS\tns1.validation.example.net.\n"
          "validation.example.net.\t3600\tIN\tNS\tns2.validation.example.net.\n");
}

TEST_CASE("printed RRsets load back to the same content", "[zone]") {
    const auto zone = test::load_ok("good.zone");
    std::string text;
    for (const RRset& rrset : zone->rrsets()) {
        text += rrset_to_text(rrset, zone->soa().serial);
    }
    const auto reloaded = StaticZone::parse(text, test::test_apex(), "printed");
    INFO(text);
    REQUIRE(reloaded.has_value());
    CHECK((*reloaded)->digest() == zone->digest());
    CHECK((*reloaded)->soa().serial == zone->soa().serial);
}

} // namespace
} // namespace dcvd::zone
