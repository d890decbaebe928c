// unit/api/acme_dns_test.cpp: the acme-dns compatible routes as its clients call them: register
// (token required), update with X-Api-User/X-Api-Key, allowfrom against the peer and trusted
// proxies, the two most recent values kept, its {"error": "..."} bodies and status codes.
#include <catch2/catch.hpp>

#include "service_fixture.hpp"

namespace dcvd::api {
namespace {

using store::TokenScope;
using test::Answer;
using test::ServiceFixture;
using Headers = std::vector<std::pair<std::string, std::string>>;

/// Base64url of a SHA-256: the 43 characters a DNS-01 value has (RFC 8555 §8.4).
std::string txt_value(char fill) {
    return std::string(42, fill) + "A";
}

struct Account {
    std::string username;
    std::string password;
    std::string subdomain;
    std::string fulldomain;
};

Account register_account(ServiceFixture& api, std::string_view body = {}) {
    const auto answer = api.write("POST", "/register", body);
    INFO(answer.raw);
    REQUIRE(answer.status == 201);
    return Account{answer.body.at("username"), answer.body.at("password"),
                   answer.body.at("subdomain"), answer.body.at("fulldomain")};
}

Answer update(ServiceFixture& api, const Account& account, std::string_view body,
              Headers extra = {}) {
    extra.emplace_back("X-Api-User", account.username);
    extra.emplace_back("X-Api-Key", account.password);
    return api.request_with("POST", "/update", body, extra);
}

std::string update_body(const Account& account, std::string_view txt) {
    return nlohmann::json{{"subdomain", account.subdomain}, {"txt", txt}}.dump();
}

std::vector<std::string> served(ServiceFixture& api, const Account& account) {
    const auto shown = api.write("GET", "/v1/delegations?limit=1000");
    std::vector<std::string> values;
    for (const auto& delegation : shown.body.at("delegations")) {
        if (delegation.at("host") == account.subdomain) {
            for (const auto& value : delegation.at("values")) {
                values.push_back(value.at("value"));
            }
        }
    }
    return values;
}

} // namespace

TEST_CASE("acme-dns register: 201 with credentials bound to a random subdomain of the zone",
          "[api][acme-dns]") {
    ServiceFixture api;
    const auto account = register_account(api);
    CHECK(account.username.size() == 36);
    CHECK(account.password.size() == 40);
    CHECK(account.subdomain.size() == 36);
    CHECK(account.subdomain != account.username);
    CHECK(account.fulldomain == account.subdomain + ".validation.example.net");
    // RFC 9562 §5.4: version 4, variant 10.
    CHECK(account.subdomain[14] == '4');
    CHECK(std::string_view("89ab").find(account.subdomain[19]) != std::string_view::npos);
    CHECK(register_account(api).subdomain != account.subdomain);
}

TEST_CASE("acme-dns register needs a write token, and checks allowfrom CIDRs", "[api][acme-dns]") {
    ServiceFixture api;
    CHECK(api.request("POST", "/register").status == 401);
    const auto reader = "Bearer " + api.add_token("reader", TokenScope::Read);
    CHECK(api.request("POST", "/register", {}, reader).status == 403);
    const auto bad = api.write("POST", "/register", R"({"allowfrom":["10.0.0.1/8"]})");
    CHECK(bad.status == 400);
    CHECK(bad.body == nlohmann::json{{"error", "invalid_allowfrom_cidr"}});
    const auto good = api.write("POST", "/register", R"({"allowfrom":["10.0.0.0/8","::1"]})");
    REQUIRE(good.status == 201);
    CHECK(good.body.at("allowfrom") == nlohmann::json{"10.0.0.0/8", "::1/128"});
    CHECK(api.write("POST", "/register", R"({"allowfrom":)").body ==
          nlohmann::json{{"error", "malformed_json_payload"}});
}

TEST_CASE("acme-dns update: 200 {\"txt\"} on one line, served in DNS; keys match in any case",
          "[api][acme-dns]") {
    ServiceFixture api;
    const auto account = register_account(api);
    const auto first = update(api, account, update_body(account, txt_value('a')));
    CHECK(first.status == 200);
    CHECK(first.body == nlohmann::json{{"txt", txt_value('a')}});
    CHECK(first.raw.find('\n') == std::string::npos); // acme.sh reads replies with sed
    // Older lego sends {"SubDomain", "Txt"}.
    const auto older =
        update(api, account,
               nlohmann::json{{"SubDomain", account.subdomain}, {"Txt", txt_value('b')}}.dump());
    CHECK(older.status == 200);
    CHECK(served(api, account) == std::vector<std::string>{txt_value('a'), txt_value('b')});
}

TEST_CASE("acme-dns update takes acme.sh's form-urlencoded body", "[api][acme-dns]") {
    ServiceFixture api;
    const auto account = register_account(api);
    const auto answer =
        update(api, account, "subdomain=" + account.subdomain + "&txt=" + txt_value('c'),
               {{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(answer.status == 200);
    CHECK(served(api, account) == std::vector<std::string>{txt_value('c')});
}

TEST_CASE("acme-dns keeps the two most recent values, as acme-dns does", "[api][acme-dns]") {
    ServiceFixture api;
    const auto account = register_account(api);
    for (const char fill : {'a', 'b', 'c'}) {
        REQUIRE(update(api, account, update_body(account, txt_value(fill))).status == 200);
    }
    CHECK(served(api, account) == std::vector<std::string>{txt_value('b'), txt_value('c')});
    // Sending "b" again makes it the most recent: the next one replaces "c".
    REQUIRE(update(api, account, update_body(account, txt_value('b'))).status == 200);
    REQUIRE(update(api, account, update_body(account, txt_value('d'))).status == 200);
    CHECK(served(api, account) == std::vector<std::string>{txt_value('b'), txt_value('d')});
}

TEST_CASE("acme-dns update refusals: 401 forbidden for credentials and subdomain, 400 bad_txt",
          "[api][acme-dns]") {
    ServiceFixture api;
    const auto account = register_account(api);
    const auto other = register_account(api);
    const nlohmann::json forbidden{{"error", "forbidden"}};
    const auto body = update_body(account, txt_value('a'));
    CHECK(api.request_with("POST", "/update", body, {}).body == forbidden);
    Account wrong = account;
    wrong.password[0] = wrong.password[0] == 'x' ? 'y' : 'x';
    CHECK(update(api, wrong, body).status == 401);
    wrong = account;
    wrong.username = "not-a-uuid";
    CHECK(update(api, wrong, body).status == 401);
    // Another account's subdomain, and a body naming none.
    CHECK(update(api, account, update_body(other, txt_value('a'))).body == forbidden);
    CHECK(update(api, account, "{").status == 401);
    const nlohmann::json bad_txt{{"error", "bad_txt"}};
    CHECK(update(api, account, update_body(account, "short")).body == bad_txt);
    CHECK(update(api, account, update_body(account, std::string(43, '+'))).body == bad_txt);
    CHECK(update(api, account, update_body(account, txt_value('a') + "A")).body == bad_txt);
    CHECK(served(api, account).empty());
}

TEST_CASE("acme-dns allowfrom is checked against the peer; X-Forwarded-For only from a trusted "
          "proxy",
          "[api][acme-dns]") {
    SECTION("no trusted proxy: the header is ignored") {
        ServiceFixture api;
        const auto elsewhere = register_account(api, R"({"allowfrom":["192.0.2.0/24"]})");
        const auto body = update_body(elsewhere, txt_value('a'));
        CHECK(update(api, elsewhere, body).status == 401);
        CHECK(update(api, elsewhere, body, {{"X-Forwarded-For", "192.0.2.7"}}).status == 401);
        const auto here = register_account(api, R"({"allowfrom":["127.0.0.0/8"]})");
        CHECK(update(api, here, update_body(here, txt_value('a'))).status == 200);
    }
    SECTION("loopback trusted: the right-most untrusted hop is the client") {
        ServiceFixture api({}, {*base::Cidr::parse("127.0.0.0/8")});
        const auto account = register_account(api, R"({"allowfrom":["192.0.2.0/24"]})");
        const auto body = update_body(account, txt_value('a'));
        CHECK(update(api, account, body).status == 401); // the proxy itself is not allowed
        CHECK(update(api, account, body, {{"X-Forwarded-For", "192.0.2.7"}}).status == 200);
        CHECK(update(api, account, body, {{"X-Forwarded-For", "192.0.2.7, 198.51.100.1"}}).status ==
              401);
        CHECK(update(api, account, body, {{"X-Forwarded-For", "198.51.100.1, 192.0.2.7"}}).status ==
              200);
        CHECK(update(api, account, body, {{"X-Forwarded-For", "garbage"}}).status == 401);
    }
}

TEST_CASE("acme-dns GET /health is 200 without credentials", "[api][acme-dns]") {
    ServiceFixture api;
    CHECK(api.request_with("GET", "/health", {}, {}).status == 200);
}

} // namespace dcvd::api
