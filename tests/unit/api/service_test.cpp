// unit/api/service_test.cpp: the native v1 routes (DESIGN.md §5) through a real server: tokens
// and scopes, registration, values and their limits, listing, offboarding, 404/405.
#include <catch2/catch.hpp>

#include "dcvd/crypto/base64url.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "service_fixture.hpp"

namespace dcvd::api {
namespace {

using Catch::Matchers::Contains;
using store::TokenScope;
using test::ServiceFixture;

std::string basic(std::string_view user, std::string_view password) {
    const std::string pair = std::string(user) + ":" + std::string(password);
    // Standard base64 (RFC 4648 §4) of ASCII: base64url with the two symbols put back, padded.
    std::string encoded = crypto::base64url(
        std::span(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size()));
    for (char& c : encoded) {
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    encoded.append((4 - encoded.size() % 4) % 4, '=');
    return "Basic " + encoded;
}

} // namespace

TEST_CASE("GET /healthz and GET /readyz need no token (DESIGN.md §5)", "[api][service]") {
    ServiceFixture api;
    const auto health = api.request("GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body.at("status") == "ok");
    const auto ready = api.request("GET", "/readyz?verbose=1"); // the query is not the path
    CHECK(ready.status == 200);
    CHECK(ready.body.at("status") == "ready");
}

TEST_CASE("an unknown path is a JSON 404 naming it; a known one with another method is 405 "
          "with Allow (RFC 9110 §15.5.6)",
          "[api][service]") {
    ServiceFixture api;
    const auto missing = api.request("GET", "/v2/nothing?x=1");
    CHECK(missing.status == 404);
    CHECK(missing.error_code() == "not_found");
    CHECK_THAT(missing.message(), Contains("/v2/nothing"));
    const auto wrong = api.request("POST", "/healthz");
    CHECK(wrong.status == 405);
    CHECK(wrong.headers.at("Allow") == "GET");
    const auto host_route = api.request("POST", "/v1/delegations/www.example.com");
    CHECK(host_route.status == 405);
    CHECK(host_route.headers.at("Allow") == "PUT, GET, DELETE");
    CHECK(api.request("GET", "/v1/delegations/a%zz").status == 400);
}

TEST_CASE("without any token configured, a route that needs one says how to create one",
          "[api][service][auth]") {
    ServiceFixture api;
    const auto refused = api.request("GET", "/v1/delegations");
    CHECK(refused.status == 401);
    CHECK(refused.error_code() == "unauthorized");
    CHECK_THAT(refused.message(), Contains("dcvd token create"));
    // RFC 9110 §11.6.1: a 401 names the schemes it takes.
    CHECK_THAT(refused.headers.at("WWW-Authenticate"), Contains("Bearer"));
}

TEST_CASE("a missing, malformed, unknown or revoked token is 401", "[api][service][auth]") {
    ServiceFixture api;
    const auto token = api.add_token("reader", TokenScope::Read);
    CHECK(api.request("GET", "/v1/delegations").status == 401);
    CHECK(api.request("GET", "/v1/delegations", {}, "Bearer wrong").status == 401);
    CHECK(api.request("GET", "/v1/delegations", {}, "Basic !!!").status == 401);
    const auto digest = api.request("GET", "/v1/delegations", {}, "Digest x=1");
    CHECK(digest.status == 401);
    CHECK_THAT(digest.message(), Contains("'Digest' is not supported"));
    CHECK(api.request("GET", "/v1/delegations", {}, "Bearer " + token).status == 200);
    CHECK(api.request("GET", "/v1/delegations", {}, "bearer " + token).status == 200);
    REQUIRE(store::revoke_token(api.env(), "reader"));
    CHECK(api.request("GET", "/v1/delegations", {}, "Bearer " + token).status == 401);
}

TEST_CASE("HTTP Basic carries the token as its password (RFC 7617), as lego's httpreq sends it",
          "[api][service][auth]") {
    ServiceFixture api;
    const auto token = api.add_token("lego", TokenScope::Write);
    CHECK(api.request("GET", "/v1/delegations", {}, basic("anyone", token)).status == 200);
    CHECK(api.request("GET", "/v1/delegations", {}, basic("anyone", "nope")).status == 401);
}

TEST_CASE("a read token reads; writing needs write or admin scope (403)", "[api][service][auth]") {
    ServiceFixture api;
    const auto reader = "Bearer " + api.add_token("reader", TokenScope::Read);
    const auto admin = "Bearer " + api.add_token("admin", TokenScope::Admin);
    const auto refused = api.request("PUT", "/v1/delegations/www.example.com", {}, reader);
    CHECK(refused.status == 403);
    CHECK_THAT(refused.message(), Contains("token 'reader' has scope read"));
    CHECK(api.request("PUT", "/v1/delegations/www.example.com", {}, admin).status == 201);
    CHECK(api.request("GET", "/v1/delegations/www.example.com", {}, reader).status == 200);
}

TEST_CASE("a write token with host suffixes writes only hosts under them, on label boundaries",
          "[api][service][auth]") {
    ServiceFixture api;
    const auto scoped = "Bearer " + api.add_token("shop", TokenScope::Write, {"example.com"});
    CHECK(api.request("PUT", "/v1/delegations/example.com", {}, scoped).status == 201);
    CHECK(api.request("PUT", "/v1/delegations/www.example.com", {}, scoped).status == 201);
    const auto outside = api.request("PUT", "/v1/delegations/badexample.com", {}, scoped);
    CHECK(outside.status == 403);
    CHECK_THAT(outside.message(), Contains("only hosts under example.com"));
    CHECK(api.request("POST", "/v1/delegations/other.org/txt", R"({"value":"v"})", scoped).status ==
          403);
}

TEST_CASE("registration is idempotent: 201 new, 200 existing, with the CNAME to publish",
          "[api][service]") {
    ServiceFixture api;
    const auto created = api.write("PUT", "/v1/delegations/WWW.Example.COM.");
    CHECK(created.status == 201);
    CHECK(created.body.at("host") == "www.example.com");
    CHECK(created.body.at("cname_name") == "_acme-challenge.www.example.com.");
    CHECK(created.body.at("cname_target") == "www.example.com.validation.example.net.");
    CHECK(created.body.at("state") == "pending");
    CHECK(created.body.at("values").empty());
    const auto again = api.write("PUT", "/v1/delegations/www.example.com", "{}");
    CHECK(again.status == 200);
    CHECK(again.body.at("created") == created.body.at("created"));
    CHECK(api.write("PUT", "/v1/delegations/www.example.com", R"({"x":1})").status == 400);
}

TEST_CASE("a host too long for <host>.<zone> gets a hashed target label", "[api][service]") {
    ServiceFixture api;
    const std::string host = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                             std::string(63, 'c') + "." + std::string(50, 'd') + ".com";
    const auto created = api.write("PUT", "/v1/delegations/" + host);
    REQUIRE(created.status == 201);
    const std::string target = created.body.at("cname_target");
    CHECK(target.starts_with("h"));
    CHECK(target.ends_with(".validation.example.net."));
}

TEST_CASE("hosts are refused with a reason: wildcard, inside the zone, bad label, one label",
          "[api][service]") {
    ServiceFixture api;
    const auto wildcard = api.write("PUT", "/v1/delegations/*.example.com");
    CHECK(wildcard.status == 400);
    CHECK(wildcard.error_code() == "invalid_host");
    CHECK_THAT(wildcard.message(), Contains("register 'example.com'"));
    CHECK_THAT(api.write("PUT", "/v1/delegations/a.validation.example.net").message(),
               Contains("inside the validation zone"));
    CHECK_THAT(api.write("PUT", "/v1/delegations/ex_ample.com").message(),
               Contains("'_' at offset 2"));
    CHECK_THAT(api.write("PUT", "/v1/delegations/localhost").message(),
               Contains("at least two labels"));
    // IDNA (RFC 5891): a U-label, percent-encoded UTF-8 in the path, becomes its A-label.
    const auto idna = api.write("PUT", "/v1/delegations/b%C3%BCcher.example");
    CHECK(idna.status == 201);
    CHECK(idna.body.at("host") == "xn--bcher-kva.example");
}

TEST_CASE("values: 404 on an unregistered host, 201 new, 200 refreshed, shown by GET",
          "[api][service][values]") {
    ServiceFixture api;
    const auto unregistered =
        api.write("POST", "/v1/delegations/www.example.com/txt", R"({"value":"abc"})");
    CHECK(unregistered.status == 404);
    REQUIRE(api.write("PUT", "/v1/delegations/www.example.com").status == 201);
    const auto added =
        api.write("POST", "/v1/delegations/www.example.com/txt", R"({"value":"abc","ttl":30})");
    CHECK(added.status == 201);
    CHECK(added.body.at("ttl") == 30);
    const auto refreshed = api.write("POST", "/v1/delegations/www.example.com/txt",
                                     R"({"value":"abc","expires_in":600})");
    CHECK(refreshed.status == 200);
    CHECK(refreshed.body.at("ttl") == 60); // the default again: a refresh sets both
    const auto shown = api.write("GET", "/v1/delegations/www.example.com");
    REQUIRE(shown.status == 200);
    REQUIRE(shown.body.at("values").size() == 1);
    CHECK(shown.body.at("values")[0].at("value") == "abc");
}

TEST_CASE("values are bounded: printable ASCII of 1..255 octets, ttl, expires_in, and the "
          "number per host (409 naming the limit)",
          "[api][service][values]") {
    naming::ValueLimits limits;
    limits.max_values_per_host = 2;
    ServiceFixture api(limits);
    REQUIRE(api.write("PUT", "/v1/delegations/example.com").status == 201);
    const std::string txt = "/v1/delegations/example.com/txt";
    CHECK(api.write("POST", txt, R"({"value":""})").error_code() == "invalid_value");
    CHECK(api.write("POST", txt, R"({"value":"tab\there"})").error_code() == "invalid_value");
    CHECK(api.write("POST", txt, R"({"value":")" + std::string(256, 'a') + R"("})").status == 400);
    CHECK(api.write("POST", txt, R"({"value":")" + std::string(255, 'a') + R"("})").status == 201);
    CHECK_THAT(api.write("POST", txt, R"({"value":"v","ttl":0})").message(),
               Contains("values.max_ttl"));
    CHECK(api.write("POST", txt, R"({"value":"v","ttl":3601})").error_code() == "invalid_ttl");
    CHECK(api.write("POST", txt, R"({"value":"v","ttl":"60"})").error_code() == "invalid_body");
    CHECK(api.write("POST", txt, R"({"value":"v","ttl":1.5})").error_code() == "invalid_body");
    CHECK(api.write("POST", txt, R"({"value":"v","expires_in":86401})").error_code() ==
          "invalid_expires_in");
    CHECK(api.write("POST", txt, R"({"value":"v","tll":60})").message().find("unknown key") !=
          std::string::npos);
    CHECK(api.write("POST", txt, R"({"value":)").error_code() == "invalid_body");
    CHECK(api.write("POST", txt, R"(["value"])").error_code() == "invalid_body");
    CHECK_THAT(api.write("POST", txt, R"({})").message(), Contains("needs \"value\""));
    CHECK(api.write("POST", txt, R"({"value":"second"})").status == 201);
    const auto full = api.write("POST", txt, R"({"value":"third"})");
    CHECK(full.status == 409);
    CHECK_THAT(full.message(), Contains("max_values_per_host = 2"));
}

TEST_CASE("removing one value (percent-encoded in the path), all values, then the delegation",
          "[api][service][values]") {
    ServiceFixture api;
    REQUIRE(api.write("PUT", "/v1/delegations/example.com").status == 201);
    const std::string txt = "/v1/delegations/example.com/txt";
    REQUIRE(api.write("POST", txt, R"({"value":"a/b c"})").status == 201);
    REQUIRE(api.write("POST", txt, R"({"value":"x"})").status == 201);
    REQUIRE(api.write("POST", txt, R"({"value":"y"})").status == 201);
    const auto one = api.write("DELETE", txt + "/a%2Fb%20c");
    CHECK(one.status == 200);
    CHECK(one.body.at("values_removed") == 1);
    CHECK(api.write("DELETE", txt + "/a%2Fb%20c").status == 404);
    CHECK(api.write("DELETE", txt).body.at("values_removed") == 2);
    CHECK(api.write("GET", "/v1/delegations/example.com").body.at("values").empty());
    const auto offboarded = api.write("DELETE", "/v1/delegations/example.com");
    CHECK(offboarded.status == 200);
    CHECK(offboarded.body.at("deleted") == true);
    CHECK(api.write("GET", "/v1/delegations/example.com").status == 404);
    CHECK(api.write("DELETE", "/v1/delegations/example.com").status == 404);
}

TEST_CASE("the list is paginated with a stable cursor and filtered by state", "[api][service]") {
    ServiceFixture api;
    const std::vector<std::string> hosts{"a.example.com", "b.example.com", "c.example.com",
                                         "d.example.org", "e.example.org"};
    for (const auto& host : hosts) {
        REQUIRE(api.write("PUT", "/v1/delegations/" + host).status == 201);
    }
    std::vector<std::string> seen;
    std::string cursor;
    for (int pages = 0; pages < 10; ++pages) {
        const auto page = api.write("GET", "/v1/delegations?limit=2" +
                                               (cursor.empty() ? "" : "&after=" + cursor));
        REQUIRE(page.status == 200);
        CHECK(page.body.at("delegations").size() <= 2);
        for (const auto& delegation : page.body.at("delegations")) {
            seen.push_back(delegation.at("host"));
        }
        if (page.body.at("next").is_null()) {
            break;
        }
        cursor = page.body.at("next");
    }
    std::vector<std::string> sorted = seen;
    std::ranges::sort(sorted);
    CHECK(sorted == hosts);
    CHECK(seen.size() == hosts.size());
    CHECK(api.write("GET", "/v1/delegations?state=pending").body.at("delegations").size() == 5);
    CHECK(api.write("GET", "/v1/delegations?state=stale").body.at("delegations").empty());
    CHECK_THAT(api.write("GET", "/v1/delegations?state=gone").message(),
               Contains("pending, delegated, active, stale, misdelegated"));
    CHECK(api.write("GET", "/v1/delegations?limit=0").status == 400);
    CHECK(api.write("GET", "/v1/delegations?limit=1001").status == 400);
    CHECK(api.write("GET", "/v1/delegations?limit=1000").status == 200);
    CHECK(api.write("GET", "/v1/delegations?sort=host").error_code() == "invalid_query");
}

TEST_CASE("lego httpreq: present registers and adds, by _acme-challenge name or by target; "
          "cleanup removes and is idempotent",
          "[api][service][lego]") {
    ServiceFixture api;
    auto present = api.write("POST", "/present",
                             R"({"fqdn":"_acme-challenge.www.example.com.","value":"one"})");
    CHECK(present.status == 200);
    CHECK(present.body.at("host") == "www.example.com");
    present = api.write("POST", "/present",
                        R"({"fqdn":"www.example.com.validation.example.net.","value":"two"})");
    CHECK(present.status == 200);
    CHECK(api.write("GET", "/v1/delegations/www.example.com").body.at("values").size() == 2);
    CHECK(api.write("POST", "/cleanup",
                    R"({"fqdn":"_acme-challenge.www.example.com.","value":"one"})")
              .status == 200);
    CHECK(api.write("POST", "/cleanup",
                    R"({"fqdn":"_acme-challenge.www.example.com.","value":"one"})")
              .status == 200);
    CHECK(api.write("GET", "/v1/delegations/www.example.com").body.at("values").size() == 1);
    CHECK(api.write("POST", "/present", R"({"fqdn":"www.example.com.","value":"x"})").status ==
          400);
    CHECK(api.write("POST", "/present", R"({"fqdn":"nobody.validation.example.net.","value":"x"})")
              .status == 404);
}

TEST_CASE("lego httpreq RAW mode: the value is base64url(SHA-256(keyAuth)) (RFC 8555 §8.4)",
          "[api][service][lego]") {
    ServiceFixture api;
    const auto present = api.write("POST", "/present",
                                   R"({"domain":"*.example.com","token":"t","keyAuth":"t.thumb"})");
    REQUIRE(present.status == 200);
    CHECK(present.body.at("host") == "example.com");
    CHECK(present.body.at("value") == crypto::base64url(crypto::sha256("t.thumb")));
}

} // namespace dcvd::api
