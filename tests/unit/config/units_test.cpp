// config/units_test.cpp: durations and sizes as operators write them.
#include <catch2/catch.hpp>

#include "dcvd/config/units.hpp"

namespace dcvd::config {
namespace {

using std::chrono::milliseconds;

TEST_CASE("durations are a whole number and one unit: ms, s, m, h, d", "[config][units]") {
    CHECK(parse_duration("500ms").value() == milliseconds(500));
    CHECK(parse_duration("90s").value() == milliseconds(90'000));
    CHECK(parse_duration("10m").value() == milliseconds(600'000));
    CHECK(parse_duration("6h").value() == milliseconds(21'600'000));
    CHECK(parse_duration("30d").value() == milliseconds(2'592'000'000));
    CHECK(parse_duration("0s").value() == milliseconds(0));
}

TEST_CASE("malformed durations are refused with the text and the units allowed",
          "[config][units]") {
    for (const char* text : {"", "10", "s", "1.5h", "-1s", "+1s", " 1s", "1 s", "1sec", "1S",
                             "1h30m", "99999999999999999999d", "18446744073709551615d"}) {
        const auto parsed = parse_duration(text);
        INFO(text);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().message ==
              std::string("expected a duration such as \"90s\", \"10m\", \"6h\" or \"30d\" (a "
                          "whole number and one of the units ms, s, m, h, d), got \"") +
                  text + "\"");
    }
}

TEST_CASE("durations print with the largest unit that divides them", "[config][units]") {
    CHECK(format_duration(milliseconds(3'600'000)) == "1h");
    CHECK(format_duration(milliseconds(90'000)) == "90s");
    CHECK(format_duration(milliseconds(1'500)) == "1500ms");
    CHECK(format_duration(milliseconds(2'592'000'000)) == "30d");
    CHECK(format_duration(milliseconds(0)) == "0s");
    for (const auto value : {0, 1, 999, 1000, 61'000, 3'600'000, 90'061'001}) {
        CHECK(parse_duration(format_duration(milliseconds(value))).value() == milliseconds(value));
    }
}

TEST_CASE("sizes are a number with B, KiB, MiB, GiB or TiB, or plain bytes", "[config][units]") {
    CHECK(parse_size("4GiB").value() == 4ULL << 30);
    CHECK(parse_size("512MiB").value() == 512ULL << 20);
    CHECK(parse_size("64KiB").value() == 64ULL << 10);
    CHECK(parse_size("1TiB").value() == 1ULL << 40);
    CHECK(parse_size("100B").value() == 100);
    CHECK(parse_size("65536").value() == 65536);
}

TEST_CASE("malformed sizes are refused with the text and the units allowed", "[config][units]") {
    for (const char* text : {"", "4GB", "4 GiB", "GiB", "-1", "4gib", "1.5GiB", "16777216TiB"}) {
        const auto parsed = parse_size(text);
        INFO(text);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().message ==
              std::string("expected a size such as \"4GiB\", \"512MiB\", \"64KiB\" or a number "
                          "of bytes (units B, KiB, MiB, GiB, TiB), got \"") +
                  text + "\"");
    }
}

TEST_CASE("sizes print with the largest unit that divides them", "[config][units]") {
    CHECK(format_size(4ULL << 30) == "4GiB");
    CHECK(format_size(1536) == "1536B");
    CHECK(format_size(3ULL << 19) == "1536KiB");
    CHECK(format_size(0) == "0B");
    for (const std::uint64_t value : {0ULL, 1ULL, 1000ULL, 1024ULL, 4ULL << 30, 1ULL << 40}) {
        CHECK(parse_size(format_size(value)).value() == value);
    }
}

} // namespace
} // namespace dcvd::config
