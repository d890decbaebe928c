// tests/unit/store/store_fixture.hpp: a fresh LMDB directory per test case, removed afterwards,
// and builders for keys and operations in the test zone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "dcvd/store/env.hpp"
#include "dcvd/store/write_ops.hpp"

namespace dcvd::store::test {

inline constexpr std::string_view apex = "validation.example.net.";

/// A unique directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Options for a store in `dir` (a small map, so that the tests stay light).
[[nodiscard]] Options options_in(const TempDir& dir);
/// Opens the store read-write for the test zone; fails the test case when it cannot.
[[nodiscard]] std::unique_ptr<Env> open_store(const Options& options);

/// Deletes the database `name` with LMDB directly (the store closed): the store as a dcvd
/// made it before that database existed.
void drop_database(const Options& options, const std::string& name);

/// The relative canonical key of `<host>.<apex>` (through wire::relative_key).
[[nodiscard]] Key key_of(std::string_view host);

/// A PutValue at `host` that registers it when missing.
[[nodiscard]] PutValue put(std::string_view host, std::string_view text,
                           std::uint64_t expires_at = 10'000, std::uint64_t now = 1'000);

} // namespace dcvd::store::test
