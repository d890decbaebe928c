// tests/unit/store/reader_test.cpp: control-plane reads: one target, the serial, and paging
// through targets in canonical order from one snapshot.
#include <catch2/catch.hpp>

#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {

TEST_CASE("targets are listed in canonical order, after a key and up to a limit", "[reader]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    {
        Writer writer(*env);
        REQUIRE(
            writer.apply_all({test::put("b.example.org", "1"), test::put("www.example.com", "2"),
                              test::put("a.example.org", "3"), test::put("example.com", "4")}));
    }
    auto hosts_from = [&env](std::span<const std::uint8_t> after, std::size_t limit) {
        std::vector<std::string> hosts;
        const auto serial = for_each_target(*env, after, limit, [&](auto, const TargetRecord& r) {
            hosts.push_back(r.host);
            return true;
        });
        REQUIRE(serial);
        CHECK(*serial == 1);
        return hosts;
    };
    using Hosts = std::vector<std::string>;
    CHECK(hosts_from({}, 0) ==
          Hosts{"example.com", "www.example.com", "a.example.org", "b.example.org"});
    CHECK(hosts_from(test::key_of("www.example.com"), 0) ==
          Hosts{"a.example.org", "b.example.org"});
    CHECK(hosts_from(test::key_of("example.com"), 2) == Hosts{"www.example.com", "a.example.org"});
    // A key that is not stored starts at the next one.
    CHECK(hosts_from(test::key_of("x.example.com"), 0) == Hosts{"a.example.org", "b.example.org"});
    CHECK(hosts_from(test::key_of("zzz"), 0).empty());

    std::size_t visited = 0;
    REQUIRE(for_each_target(*env, {}, 0, [&visited](auto, const TargetRecord&) {
        return ++visited < 2; // stop after the second
    }));
    CHECK(visited == 2);
}

TEST_CASE("get_target copies the record out, and reports missing keys and the apex as none",
          "[reader]") {
    const test::TempDir dir;
    const auto env = test::open_store(test::options_in(dir));
    {
        Writer writer(*env);
        REQUIRE(writer.submit(test::put("www.example.com", "v", 4'000)).get());
    }
    const auto record = get_target(*env, test::key_of("www.example.com"));
    REQUIRE(record);
    REQUIRE(record->has_value());
    CHECK((*record)->host == "www.example.com");
    CHECK((*record)->created == 1'000);
    REQUIRE((*record)->values.size() == 1);
    CHECK((*record)->values[0].expires_at == 4'000);
    CHECK(get_target(*env, test::key_of("example.com")).value() == std::nullopt);
    CHECK(get_target(*env, {}).value() == std::nullopt);
    CHECK(current_serial(*env).value() == 1);
}

} // namespace dcvd::store
