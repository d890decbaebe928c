// unit/dns/answer_records_test.cpp: which values of a target record are served, and at what TTL
// (the record writers' private rules, through src/dns/answer_records.hpp).
#include <catch2/catch.hpp>

#include "answer_records.hpp"
#include "dcvd/store/target_record.hpp"

using namespace dcvd;

namespace {

store::TargetRecord record_with(std::uint8_t flags) {
    store::TargetRecord record;
    record.host = "www.example.com";
    record.flags = flags;
    record.values = {{"a", 300, 2'000}, {"b", 30, 1'000}, {"c", 120, 5'000}};
    return record;
}

} // namespace

TEST_CASE("live values are the unexpired ones; the RRset TTL is their lowest (RFC 2181 §5.2)",
          "[dns][answer]") {
    const auto bytes = store::encode(record_with(0));
    const store::TargetRecordView view(bytes);
    REQUIRE(view.ok());
    const auto at_start = dns::live_values(view, 999);
    CHECK(at_start.count == 3);
    CHECK(at_start.ttl == 30);
    const auto later = dns::live_values(view, 1'000); // "b" expires exactly now
    CHECK(later.count == 2);
    CHECK(later.ttl == 120);
    CHECK(dns::live_values(view, 5'000).count == 0);
}

TEST_CASE("a suppressed target serves none of its values", "[dns][answer]") {
    const auto bytes =
        store::encode(record_with(static_cast<std::uint8_t>(store::RecordFlag::Suppressed)));
    const store::TargetRecordView view(bytes);
    REQUIRE(view.ok());
    REQUIRE(view.is_suppressed());
    CHECK(dns::live_values(view, 0).count == 0);
}
