// fuzz/fuzz_import_line.cpp: one `dcvd txt import` line → the write it makes, or why not. A write
// holds a valid value and TTL within bounds, for a host that normalizes to itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dcvd/naming/challenge_value.hpp"
#include "dcvd/naming/target.hpp"
#include "fuzz_apex.hpp"
#include "txt_import.hpp"

namespace {

constexpr std::uint64_t now = 1'700'000'000;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd;
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    static const config::ValueOptions values;
    const cli::ImportSettings settings{fuzz::apex(), values, 3600};
    const auto op = cli::parse_import_line(line, settings, now);
    if (!op) {
        if (op.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    const auto host = naming::normalize_host(op->host, fuzz::apex());
    if (!host || *host != op->host || !naming::validate_value(op->text) || op->ttl == 0 ||
        op->ttl > values.max_ttl || op->expires_at != now + 3600 || op->key.empty()) {
        std::abort();
    }
    return 0;
}
