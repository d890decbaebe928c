// tests/unit/store/delegation_record_test.cpp: the stored form of the checker's record of a
// delegation: round trip, the bounds, and refusal of truncated, extended and out-of-range bytes.
#include <catch2/catch.hpp>

#include "delegation_record.hpp"

namespace dcvd::store {
namespace {

DelegationStatus sample() {
    DelegationStatus status;
    status.state = DelegationState::Stale;
    status.reason = StaleReason::HostMoved;
    status.cname_seen = true;
    status.edge_seen = true;
    status.candidate =
        DelegationStatus::Candidate{DelegationState::Active, StaleReason::None, 2, 1'700'000'100};
    status.last_check = 1'700'000'200;
    status.next_check = 1'700'000'500;
    status.interval = 300;
    status.evidence = "www.example.com. -> 203.0.113.7 (not the edge)";
    status.transitions = {
        Transition{DelegationState::Pending, DelegationState::Active, StaleReason::None,
                   1'600'000'000, "at the edge"},
        Transition{DelegationState::Active, DelegationState::Stale, StaleReason::HostMoved,
                   1'650'000'000, "host at 203.0.113.7"},
    };
    return status;
}

// Decodes into a status whose target-record part is `state`, as the store reads it.
base::Result<DelegationStatus> decoded(std::span<const std::uint8_t> bytes,
                                       DelegationState state = DelegationState::Stale) {
    DelegationStatus status;
    status.state = state;
    status.registered_at = 11;
    status.since = 22;
    if (auto done = decode_delegation(bytes, status); !done) {
        return base::unexpected(std::move(done).error());
    }
    return status;
}

} // namespace

TEST_CASE("a delegation record decodes to what was encoded", "[delegation-record]") {
    DelegationStatus status = sample();
    const auto bytes = encode_delegation(status);
    CHECK(bytes.front() == delegation_format);
    auto back = decoded(bytes);
    REQUIRE(back);
    // State, registration and since are the target record's: decode leaves them alone.
    CHECK(back->registered_at == 11);
    CHECK(back->since == 22);
    status.registered_at = 11;
    status.since = 22;
    CHECK(*back == status);

    DelegationStatus fresh; // as registration makes it: no candidate, no transitions
    fresh.next_check = 5;
    auto plain = decoded(encode_delegation(fresh), DelegationState::Pending);
    REQUIRE(plain);
    CHECK_FALSE(plain->candidate);
    CHECK(plain->transitions.empty());
    CHECK(plain->next_check == 5);
}

TEST_CASE("every truncation and any extension of a delegation record is malformed",
          "[delegation-record]") {
    const auto bytes = encode_delegation(sample());
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        INFO("size " << size);
        const auto result = decoded(std::span(bytes).first(size));
        REQUIRE_FALSE(result);
        CHECK(result.error().message == "malformed delegation record");
    }
    auto longer = bytes;
    longer.push_back(0);
    CHECK_FALSE(decoded(longer));
}

TEST_CASE("out-of-range octets in a delegation record are malformed", "[delegation-record]") {
    const auto good = encode_delegation(sample());
    const auto with = [&good](std::size_t at, std::uint8_t octet) {
        auto bytes = good;
        bytes[at] = octet;
        return bytes;
    };
    CHECK_FALSE(decoded(with(0, 2)));    // format
    CHECK_FALSE(decoded(with(1, 4)));    // reason
    CHECK_FALSE(decoded(with(2, 0x08))); // an unknown flag
    CHECK_FALSE(decoded(with(3, 5)));    // the candidate's state
    CHECK_FALSE(decoded(with(4, 1)));    // a reason on a candidate that is not stale
}

TEST_CASE("a status out of bounds is refused before it is stored", "[delegation-record]") {
    DelegationStatus stale_without_reason = sample();
    stale_without_reason.reason = StaleReason::None;
    CHECK(validate_delegation(stale_without_reason).error().code == base::ErrorCode::Invalid);

    DelegationStatus active_with_reason = sample();
    active_with_reason.state = DelegationState::Active;
    CHECK_FALSE(validate_delegation(active_with_reason));

    DelegationStatus long_evidence = sample();
    long_evidence.evidence.assign(max_evidence_size + 1, 'x');
    CHECK_FALSE(validate_delegation(long_evidence));
    CHECK_THROWS_AS(encode_delegation(long_evidence), std::invalid_argument);
    long_evidence.evidence.resize(max_evidence_size);
    CHECK(decoded(encode_delegation(long_evidence)));

    DelegationStatus many = sample();
    many.transitions.resize(max_kept_transitions + 1, many.transitions.front());
    CHECK_FALSE(validate_delegation(many));

    CHECK(validate_delegation(sample()));
}

TEST_CASE("stale reasons have names the API and the audit use", "[delegation-record]") {
    CHECK(to_text(StaleReason::HostMoved) == "host_moved");
    CHECK(to_text(StaleReason::NeverPointed) == "never_pointed");
    CHECK(to_text(StaleReason::CnameRemoved) == "cname_removed");
    CHECK(to_text(StaleReason::None).empty());
    CHECK(stale_reason_from_text("cname_removed") == StaleReason::CnameRemoved);
    CHECK_FALSE(stale_reason_from_text(""));
    CHECK_FALSE(stale_reason_from_text("moved"));
}

} // namespace dcvd::store
