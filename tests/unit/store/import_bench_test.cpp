// tests/unit/store/import_bench_test.cpp: import speed, hidden ([.bench]): one million PutValue
// operations through apply_all in batches of 100,000. Run: test_store "[.bench]".
#include <chrono>
#include <iostream>

#include <catch2/catch.hpp>

#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "store_fixture.hpp"

namespace dcvd::store {

TEST_CASE("import of 1,000,000 values in batches of 100,000", "[.bench]") {
    constexpr int total = 1'000'000;
    constexpr int batch_size = 100'000;
    const test::TempDir dir;
    auto options = test::options_in(dir);
    options.map_size_bytes = 4ULL << 30;
    const auto env = test::open_store(options);
    Writer writer(*env);
    // Ops are built outside the timed part: the number is the store's, not the test's.
    std::vector<std::vector<WriteOp>> batches;
    for (int start = 0; start < total; start += batch_size) {
        auto& ops = batches.emplace_back();
        ops.reserve(batch_size);
        for (int i = start; i < start + batch_size; ++i) {
            const std::string host =
                "www" + std::to_string(i) + ".customer" + std::to_string(i % 9973) + ".example.com";
            ops.emplace_back(test::put(host, "gfj9Xq8C3ZkLmN0pQrStUvWxYz-_aBcDeFgHiJkLmNo"));
        }
    }
    const auto started = std::chrono::steady_clock::now();
    for (auto& ops : batches) {
        REQUIRE(writer.apply_all(std::move(ops)));
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    std::cout << "import: " << total << " PutValue ops in " << took.count() << " s ("
              << static_cast<double>(total) / took.count() << " ops/s), data.mdb "
              << std::filesystem::file_size(options.path / "data.mdb") / (1 << 20) << " MiB\n";
    CHECK(current_serial(*env).value() == total / batch_size);
}

} // namespace dcvd::store
