// tests/unit/checker/webhook_payload_test.cpp: the JSON body of a transition, byte for byte.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "dcvd/checker/webhook_payload.hpp"

namespace dcvd::checker {

using store::DelegationState;
using store::StaleReason;
using store::Transition;

TEST_CASE("a transition's body is compact JSON with its fields in the documented order",
          "[checker][webhook]") {
    const Transition moved{DelegationState::Active, DelegationState::Stale, StaleReason::HostMoved,
                           1796314800, "www.example.com. CNAME elsewhere.example.net."};
    CHECK(transition_payload("www.example.com", moved) ==
          R"({"host":"www.example.com","from":"active","to":"stale","reason":"host_moved",)"
          R"("evidence":"www.example.com. CNAME elsewhere.example.net.",)"
          R"("time":"2026-12-03T16:20:00Z","at":1796314800})");
}

TEST_CASE("a transition other than to stale has a null reason", "[checker][webhook]") {
    const Transition delegated{DelegationState::Pending, DelegationState::Delegated,
                               StaleReason::None, 0, ""};
    const auto body = nlohmann::json::parse(transition_payload("www.example.org", delegated));
    CHECK(body["from"] == "pending");
    CHECK(body["to"] == "delegated");
    CHECK(body["reason"].is_null());
    CHECK(body["time"] == "1970-01-01T00:00:00Z");
    CHECK(body["at"] == 0);
}

TEST_CASE("evidence is escaped, and octets that are not UTF-8 become U+FFFD",
          "[checker][webhook]") {
    const Transition odd{DelegationState::Delegated, DelegationState::Misdelegated,
                         StaleReason::None, 1, "\"quoted\"\nline two \xff"};
    const std::string text = transition_payload("www.example.com", odd);
    CHECK(text.find('\n') == std::string::npos);
    const auto body = nlohmann::json::parse(text);
    CHECK(body["evidence"] == "\"quoted\"\nline two \xef\xbf\xbd");
    CHECK(body["to"] == "misdelegated");
}

} // namespace dcvd::checker
