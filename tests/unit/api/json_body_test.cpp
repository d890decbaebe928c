// unit/api/json_body_test.cpp: request bodies as one JSON object (RFC 8259) with known keys:
// what is refused and how the message says so.
#include <catch2/catch.hpp>

#include "json_body.hpp"

namespace dcvd::api {
namespace {

using Catch::Matchers::Contains;

std::string refusal(std::string_view body) {
    auto parsed = JsonBody::parse(body, {"value", "ttl"});
    REQUIRE_FALSE(parsed);
    return parsed.error().message;
}

} // namespace

TEST_CASE("an empty body is an empty object; anything but one object is refused", "[api][json]") {
    const auto empty = JsonBody::parse("  \r\n", {"value"});
    REQUIRE(empty);
    CHECK_FALSE(empty->string("value").value().has_value());
    CHECK_THAT(refusal("{"), Contains("not valid JSON"));
    CHECK_THAT(refusal("[1]"), Contains("must be a JSON object, not array"));
    CHECK_THAT(refusal("\"x\""), Contains("not string"));
    CHECK_THAT(refusal(R"({"valeu":"x"})"),
               Contains("unknown key \"valeu\"") && Contains("value, ttl"));
}

TEST_CASE("typed members: a string is a string, an integer has no quotes and no fraction",
          "[api][json]") {
    const auto body = JsonBody::parse(R"({"value":"x","ttl":60})", {"value", "ttl"});
    REQUIRE(body);
    CHECK(body->string("value").value() == "x");
    CHECK(body->integer("ttl").value() == 60);
    CHECK_FALSE(body->string("ttl"));
    CHECK_FALSE(body->integer("value"));
    const auto negative = JsonBody::parse(R"({"ttl":-5})", {"ttl"});
    CHECK(negative->integer("ttl").value() == -5);
    const auto huge = JsonBody::parse(R"({"ttl":18446744073709551615})", {"ttl"});
    CHECK_FALSE(huge->integer("ttl"));
    const auto fraction = JsonBody::parse(R"({"ttl":1.5})", {"ttl"});
    CHECK_THAT(fraction->integer("ttl").error().message, Contains("fraction"));
    const auto null = JsonBody::parse(R"({"ttl":null})", {"ttl"});
    CHECK_FALSE(null->integer("ttl").value().has_value());
}

TEST_CASE("a boolean member is true or false, never a string or a number", "[api][json]") {
    const auto body = JsonBody::parse(R"({"force":true,"no":false})", {"force", "no", "absent"});
    REQUIRE(body);
    CHECK(body->boolean("force").value() == true);
    CHECK(body->boolean("no").value() == false);
    CHECK_FALSE(body->boolean("absent").value().has_value());
    for (const char* wrong : {R"({"force":"true"})", R"({"force":1})"}) {
        const auto quoted = JsonBody::parse(wrong, {"force"});
        REQUIRE(quoted);
        CHECK_THAT(quoted->boolean("force").error().message, Contains("must be true or false"));
    }
}

TEST_CASE("acme-dns bodies: keys match without regard to case, unknown keys are ignored",
          "[api][json]") {
    const auto body = JsonBody::parse(R"({"SubDomain":"s","Txt":"t","extra":1})",
                                      {"subdomain", "txt"}, JsonBody::Keys::IgnoreCase);
    REQUIRE(body);
    CHECK(body->string("subdomain").value() == "s");
    CHECK(body->string("txt").value() == "t");
    const auto form = JsonBody::from_form({{"SUBDOMAIN", "s"}, {"txt", "t"}}, {"subdomain", "txt"});
    CHECK(form.string("subdomain").value() == "s");
    const auto list = JsonBody::parse(R"({"allowfrom":["10.0.0.0/8"]})", {"allowfrom"});
    CHECK(list->strings("allowfrom").value() == std::vector<std::string>{"10.0.0.0/8"});
    const auto mixed = JsonBody::parse(R"({"allowfrom":["a",1]})", {"allowfrom"});
    CHECK_FALSE(mixed->strings("allowfrom"));
}

} // namespace dcvd::api
