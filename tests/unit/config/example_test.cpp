// config/example_test.cpp: deploy/dcvd.example.toml is the schema's own output and parses, and
// docs/CONFIGURATION.md documents every key, so neither can drift from the code.
#include <catch2/catch.hpp>

#include "config_test_util.hpp"
#include "dcvd/config/config.hpp"

namespace dcvd::config {
namespace {

constexpr std::string_view example_header =
    R"(# deploy/dcvd.example.toml: every dcvd configuration key with its default, generated from the
# schema (src/config/schema.cpp); a unit test keeps the two equal. Copy it, keep the keys you
# change, and check the result with `dcvd check-config --config FILE`.
# Durations are strings with a unit ("500ms", "90s", "10m", "6h", "30d"); sizes are "64KiB",
# "512MiB", "4GiB" or a number of bytes. Reference: docs/CONFIGURATION.md.

)";

TEST_CASE("deploy/dcvd.example.toml is the commented default configuration", "[config]") {
    const std::string expected = std::string(example_header) + to_toml(Config{});
    const std::string actual = test::source_file("deploy/dcvd.example.toml");
    // On failure, replace the file with the expected text printed here.
    INFO("deploy/dcvd.example.toml should read:\n" << expected);
    CHECK(actual == expected);
}

TEST_CASE("deploy/dcvd.example.toml parses to the default configuration", "[config]") {
    const auto config = parse(test::source_file("deploy/dcvd.example.toml"), "example");
    INFO((config ? std::string() : config.error().message));
    REQUIRE(config.has_value());
    CHECK(to_toml(*config) == to_toml(Config{}));
}

TEST_CASE("docs/CONFIGURATION.md documents every key", "[config]") {
    const std::string doc = test::source_file("docs/CONFIGURATION.md");
    for (const auto& key : test::all_keys()) {
        INFO(key);
        CHECK_THAT(doc, Catch::Contains("`" + key + "`"));
    }
}

} // namespace
} // namespace dcvd::config
