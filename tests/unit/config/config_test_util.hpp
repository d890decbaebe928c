// config/config_test_util.hpp: helpers shared by the config tests.
#pragma once

#include <set>
#include <string>

namespace dcvd::config::test {

/// Every "table.key" that to_toml writes for a default Config with one webhook (so, every schema
/// key; "webhook.url" for the keys of [[webhook]]).
[[nodiscard]] std::set<std::string> all_keys();
/// The text of a file of the source tree (DCVD_SOURCE_DIR), failing the test when unreadable.
[[nodiscard]] std::string source_file(const std::string& relative);

} // namespace dcvd::config::test
