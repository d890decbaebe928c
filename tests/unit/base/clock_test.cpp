// unit/base/clock_test.cpp: timestamps shown as RFC 3339 UTC.
#include <catch2/catch.hpp>

#include "dcvd/base/clock.hpp"

namespace dcvd::base {

TEST_CASE("Unix seconds print as RFC 3339 UTC with a Z", "[base][clock]") {
    CHECK(format_time(0) == "1970-01-01T00:00:00Z");
    CHECK(format_time(1'795'000'000) == "2026-11-18T11:06:40Z");
}

} // namespace dcvd::base
