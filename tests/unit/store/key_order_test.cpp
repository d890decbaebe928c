// tests/unit/store/key_order_test.cpp: store keys sort in canonical DNS name order.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dcvd/wire/name.hpp"

namespace dcvd::store {

TEST_CASE("keys sort bytewise in the canonical order of RFC 4034 §6.1's example", "[keys]") {
    // RFC 4034 §6.1, in the RFC's (canonical) order.
    const std::vector<std::string> canonical = {
        "example.",         "a.example.",      "yljkjljk.a.example.",
        "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
        "\\001.z.example.", "*.z.example.",    "\\200.z.example.",
    };
    std::vector<std::pair<std::vector<std::uint8_t>, std::string>> keyed;
    for (const auto& text : canonical) {
        wire::Name name;
        REQUIRE(wire::Name::from_text(text, name));
        wire::KeyBuffer buffer{};
        const std::size_t size = wire::relative_key(name.wire(), 0, buffer);
        REQUIRE(size != wire::invalid_key);
        keyed.emplace_back(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + size), text);
    }
    std::reverse(keyed.begin(), keyed.end());
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> sorted;
    for (const auto& entry : keyed) {
        sorted.push_back(entry.second);
    }
    CHECK(sorted == canonical);
}

} // namespace dcvd::store
