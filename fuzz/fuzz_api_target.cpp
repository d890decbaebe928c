// fuzz/fuzz_api_target.cpp: request targets and form bodies → path segments and parameters.
// Invariants: no crash; a decoded path has no more segments than the raw one has slashes; a
// form never yields more pairs than it has '&'-separated parts.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd::api;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto [path, query] = split_target(text);
    const bool has_query = text.find('?') != std::string_view::npos;
    if (path.size() + (has_query ? query.size() + 1 : 0) != text.size()) {
        std::abort();
    }
    if (const auto segments = path_segments(path)) {
        if (segments->size() > static_cast<std::size_t>(std::ranges::count(path, '/'))) {
            std::abort();
        }
    }
    if (const auto form = parse_form(query)) {
        if (form->size() > static_cast<std::size_t>(std::ranges::count(query, '&')) + 1) {
            std::abort();
        }
        for (const auto& [key, value] : *form) {
            if (find_param(*form, key) == std::nullopt) {
                std::abort();
            }
        }
    }
    return 0;
}
