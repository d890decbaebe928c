// fuzz/fuzz_config.cpp: TOML text → a Config or a list of problems, never a crash or a throw;
// a Config that parses prints back (to_toml) as text that parses to the same Config.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dcvd/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto config = dcvd::config::parse(text, "fuzz.toml");
    if (!config) {
        if (config.error().message.empty()) {
            std::abort(); // a refusal must say why
        }
        return 0;
    }
    const std::string printed = dcvd::config::to_toml(*config);
    const auto again = dcvd::config::parse(printed, "printed.toml");
    if (!again || dcvd::config::to_toml(*again) != printed) {
        std::abort();
    }
    return 0;
}
