// tests/unit/store/token_record_test.cpp: the stored form of a token: round trip, and refusal of
// truncated, extended and out-of-bounds bytes.
#include <catch2/catch.hpp>

#include "token_record.hpp"

namespace dcvd::store {
namespace {

TokenRecord sample() {
    TokenRecord token;
    token.name = "ci.deploy-1";
    token.scope = TokenScope::Write;
    token.host_suffixes = {"example.com", "shop.example.org"};
    token.created = 1'700'000'000;
    for (std::size_t i = 0; i < token.hash.size(); ++i) {
        token.hash[i] = static_cast<std::uint8_t>(0xa0 + i);
    }
    return token;
}

} // namespace

TEST_CASE("a token record decodes to what was encoded", "[token-record]") {
    const TokenRecord token = sample();
    const auto bytes = encode_token(token);
    CHECK(bytes.front() == token_format);
    const auto decoded = decode_token(bytes);
    REQUIRE(decoded);
    CHECK(decoded->name == token.name);
    CHECK(decoded->scope == token.scope);
    CHECK(decoded->host_suffixes == token.host_suffixes);
    CHECK(decoded->created == token.created);
    CHECK(decoded->hash == token.hash);

    TokenRecord everywhere = token;
    everywhere.host_suffixes.clear();
    const auto empty = decode_token(encode_token(everywhere));
    REQUIRE(empty);
    CHECK(empty->host_suffixes.empty());
}

TEST_CASE("every truncation of a token record, and one more octet, are malformed",
          "[token-record]") {
    const auto bytes = encode_token(sample());
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        INFO("first " << size << " octets");
        CHECK_FALSE(decode_token(std::span(bytes).first(size)));
    }
    auto longer = bytes;
    longer.push_back(0);
    CHECK_FALSE(decode_token(longer));
}

TEST_CASE("a token record with an unknown format or scope, or bad name or host, is malformed",
          "[token-record]") {
    const auto bytes = encode_token(sample());
    auto format = bytes;
    format[0] = 2;
    CHECK_FALSE(decode_token(format));
    auto scope = bytes;
    scope[1] = 3;
    CHECK_FALSE(decode_token(scope));
    auto name = bytes;
    name[3] = ' '; // the name's first octet
    CHECK_FALSE(decode_token(name));
    auto host = bytes;
    host[host.size() - 1] = 'G'; // the last host's last octet: upper case is not normalized
    CHECK_FALSE(decode_token(host));
    auto empty_name = bytes;
    empty_name[2] = 0;
    CHECK_FALSE(decode_token(empty_name));
}

TEST_CASE("encoding a token outside the bounds is a bug and throws", "[token-record]") {
    TokenRecord token = sample();
    token.name.clear();
    CHECK_THROWS_AS(encode_token(token), std::invalid_argument);
}

} // namespace dcvd::store
