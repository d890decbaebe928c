// tests/unit/store/target_record_test.cpp: record encoding round trips, and the hot-path view
// on the same bytes, on truncated ones and on garbage.
#include <random>

#include <catch2/catch.hpp>

#include "dcvd/store/target_record.hpp"

namespace dcvd::store {
namespace {

TargetRecord sample() {
    TargetRecord record;
    record.host = "www.example.com";
    record.created = 1'700'000'000;
    record.values = {{"first-value", 60, 1'700'000'600},
                     {std::string(255, 'x'), 300, 1'800'000'000}};
    return record;
}

std::string text_of(std::span<const std::uint8_t> bytes) {
    return {bytes.begin(), bytes.end()};
}

} // namespace

TEST_CASE("a target record decodes to what was encoded", "[record]") {
    TargetRecord record = sample();
    record.flags = static_cast<std::uint8_t>(RecordFlag::Suppressed);
    const auto decoded = decode(encode(record));
    REQUIRE(decoded);
    CHECK(decoded->host == record.host);
    CHECK(decoded->flags == record.flags);
    CHECK(decoded->is_suppressed());
    CHECK(decoded->created == record.created);
    REQUIRE(decoded->values.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(decoded->values[i].text == record.values[i].text);
        CHECK(decoded->values[i].ttl == record.values[i].ttl);
        CHECK(decoded->values[i].expires_at == record.values[i].expires_at);
    }
}

TEST_CASE("stored integers are big-endian, so that byte order is numeric order", "[record]") {
    TargetRecord record;
    record.host = "h";
    record.created = 0x0102030405060708;
    record.state_since = 0x1112131415161718;
    record.values = {{"v", 0x21222324, 0x3132333435363738}};
    const auto bytes = encode(record);
    // format, flags, host (length 1, "h"), created, state, state_since, count, then the value:
    // expires_at, ttl, text (length 1, "v").
    const std::vector<std::uint8_t> expected{
        record_format, 0,    1,    'h',  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0,
        0x11,          0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 1,    0x31, 0x32, 0x33, 0x34,
        0x35,          0x36, 0x37, 0x38, 0x21, 0x22, 0x23, 0x24, 1,    'v'};
    CHECK(bytes == expected);
    const TargetRecordView view(bytes);
    REQUIRE(view.ok());
    auto values = view.values();
    ValueView value;
    REQUIRE(values.next(value));
    CHECK(value.expires_at == 0x3132333435363738);
    CHECK(value.ttl == 0x21222324);
}

TEST_CASE("the view reads the encoded values in stored order without copying", "[record]") {
    const auto bytes = encode(sample());
    const TargetRecordView view(bytes);
    REQUIRE(view.ok());
    CHECK_FALSE(view.is_suppressed());
    CHECK(view.value_count() == 2);
    auto cursor = view.values();
    ValueView value;
    REQUIRE(cursor.next(value));
    CHECK(text_of(value.text) == "first-value");
    CHECK(value.ttl == 60);
    CHECK(value.expires_at == 1'700'000'600);
    CHECK(value.text.data() >= bytes.data());
    CHECK(value.text.data() + value.text.size() <= bytes.data() + bytes.size());
    REQUIRE(cursor.next(value));
    CHECK(value.text.size() == 255);
    CHECK(value.ttl == 300);
    CHECK_FALSE(cursor.next(value));
    CHECK_FALSE(cursor.next(value));
}

TEST_CASE("a record without values is valid and yields none", "[record]") {
    const auto bytes = encode(TargetRecord{"example.org", 0, 5, DelegationState::Pending, 5, {}});
    const TargetRecordView view(bytes);
    REQUIRE(view.ok());
    CHECK(view.value_count() == 0);
    ValueView value;
    auto cursor = view.values();
    CHECK_FALSE(cursor.next(value));
}

TEST_CASE("every truncation of a record, and trailing octets, make the view refuse it",
          "[record]") {
    const auto bytes = encode(sample());
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        const TargetRecordView view{std::span(bytes).first(size)};
        INFO("size " << size);
        CHECK_FALSE(view.ok());
        CHECK(view.value_count() == 0);
        ValueView value;
        auto cursor = view.values();
        CHECK_FALSE(cursor.next(value));
        CHECK_FALSE(decode(std::span(bytes).first(size)));
    }
    auto longer = bytes;
    longer.push_back(0);
    CHECK_FALSE(TargetRecordView(longer).ok());
}

TEST_CASE("the view refuses an unknown format and a value of zero octets", "[record]") {
    auto bytes =
        encode(TargetRecord{"a.example", 0, 0, DelegationState::Pending, 0, {{"v", 1, 2}}});
    auto other_format = bytes;
    other_format[0] = record_format + 1;
    CHECK_FALSE(TargetRecordView(other_format).ok());
    // Layout: 3 + 9 host octets + 8 created + 1 state + 8 since + 1 count, then 8 + 4 octets
    // before the value length.
    const std::size_t length_at = 3 + 9 + 8 + 1 + 8 + 1 + 8 + 4;
    REQUIRE(bytes[length_at] == 1);
    bytes[length_at] = 0;
    bytes.pop_back();
    CHECK_FALSE(TargetRecordView(bytes).ok());
}

TEST_CASE("the view survives random bytes and never reads past them", "[record]") {
    std::mt19937 random(20240601); // fixed seed: the same garbage on every run
    std::uniform_int_distribution<int> octet(0, 255);
    const auto valid = encode(sample());
    for (int round = 0; round < 20'000; ++round) {
        std::vector<std::uint8_t> bytes(static_cast<std::size_t>(octet(random)) % 96);
        for (auto& b : bytes) {
            b = static_cast<std::uint8_t>(octet(random));
        }
        if (round % 2 == 0) {
            // Mutate a valid record instead: keeps the format octet often enough to go deep.
            bytes = valid;
            bytes[static_cast<std::size_t>(octet(random)) % bytes.size()] =
                static_cast<std::uint8_t>(octet(random));
        }
        const TargetRecordView view(bytes);
        std::size_t seen = 0;
        auto cursor = view.values();
        for (ValueView value; cursor.next(value); ++seen) {
            REQUIRE(value.text.data() >= bytes.data());
            REQUIRE(value.text.data() + value.text.size() <= bytes.data() + bytes.size());
        }
        REQUIRE(seen == view.value_count());
        REQUIRE(view.ok() == decode(bytes).has_value());
    }
}

} // namespace dcvd::store
