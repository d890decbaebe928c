// unit/api/url_test.cpp: percent-decoding (RFC 3986 §2.1), path segments, query strings and
// form bodies (application/x-www-form-urlencoded).
#include <catch2/catch.hpp>

#include "url.hpp"

namespace dcvd::api {

TEST_CASE("percent-decoding takes %XX in either case; a malformed escape is refused",
          "[api][url]") {
    CHECK(percent_decode("a%2Fb%2fc", false) == "a/b/c");
    CHECK(percent_decode("a+b", false) == "a+b");
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK_FALSE(percent_decode("%", false));
    CHECK_FALSE(percent_decode("%2", false));
    CHECK_FALSE(percent_decode("%zz", false));
    CHECK(percent_decode("%00", false) == std::string(1, '\0'));
}

TEST_CASE("a path splits into decoded segments; a trailing slash names the same route",
          "[api][url]") {
    using Segments = std::vector<std::string>;
    CHECK(path_segments("/v1/delegations/a%2Fb") == Segments{"v1", "delegations", "a/b"});
    CHECK(path_segments("/v1/delegations/") == Segments{"v1", "delegations"});
    CHECK(path_segments("/") == Segments{});
    CHECK(path_segments("/a//b") == Segments{"a", "", "b"});
    CHECK_FALSE(path_segments("v1"));
    CHECK_FALSE(path_segments("/a%g0"));
}

TEST_CASE("a query or form splits at & and =, decoding both sides", "[api][url]") {
    const auto form = parse_form("subdomain=abc&txt=a%2Bb+c&&flag");
    REQUIRE(form);
    CHECK(find_param(*form, "subdomain") == "abc");
    CHECK(find_param(*form, "txt") == "a+b c");
    CHECK(find_param(*form, "flag") == "");
    CHECK_FALSE(find_param(*form, "other"));
    CHECK_FALSE(parse_form("a=%"));
    const auto [path, query] = split_target("/v1/delegations?limit=2?x");
    CHECK(path == "/v1/delegations");
    CHECK(query == "limit=2?x");
}

} // namespace dcvd::api
