// config/config_test_util.cpp: see config_test_util.hpp.
#include "config_test_util.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "dcvd/config/config.hpp"

namespace dcvd::config::test {

std::set<std::string> all_keys() {
    std::set<std::string> keys;
    // One webhook, so that the keys of [[webhook]] are written (none are commented out).
    Config config;
    config.webhooks.push_back({.url = "https://hooks.example.net/", .secret = "0123456789abcdef"});
    std::istringstream lines(to_toml(config));
    std::string table;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("[[")) {
            table = line.substr(2, line.find("]]") - 2);
        } else if (line.starts_with('[')) {
            table = line.substr(1, line.find(']') - 1);
        } else if (const auto equals = line.find(" = ");
                   !line.starts_with('#') && equals != std::string::npos) {
            keys.insert(table + "." + line.substr(0, equals));
        }
    }
    return keys;
}

std::string source_file(const std::string& relative) {
    std::ifstream in(std::string(DCVD_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace dcvd::config::test
