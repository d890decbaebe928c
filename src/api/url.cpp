// api/url.cpp: percent-decoding, path segments, query strings and form bodies.
#include "url.hpp"

namespace dcvd::api {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (text.size() - i < 3) {
                return std::nullopt;
            }
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::vector<std::string>> path_segments(std::string_view path) {
    if (!path.starts_with('/')) {
        return std::nullopt;
    }
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string_view raw = path.substr(start, slash - start);
        auto decoded = percent_decode(raw, false);
        if (!decoded) {
            return std::nullopt;
        }
        segments.push_back(std::move(*decoded));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    // "/" and "/v1/delegations/" end in an empty segment: the route is the one without it.
    if (!segments.empty() && segments.back().empty()) {
        segments.pop_back();
    }
    return segments;
}

std::optional<Params> parse_form(std::string_view text) {
    Params params;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t amp = text.find('&', start);
        const std::string_view pair = text.substr(start, amp - start);
        start = amp == std::string_view::npos ? text.size() : amp + 1;
        if (pair.empty()) {
            continue;
        }
        const std::size_t equals = pair.find('=');
        auto key = percent_decode(pair.substr(0, equals), true);
        auto value = percent_decode(
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
        if (!key || !value) {
            return std::nullopt;
        }
        params.emplace_back(std::move(*key), std::move(*value));
    }
    return params;
}

std::optional<std::string_view> find_param(const Params& params, std::string_view key) noexcept {
    for (const auto& [name, value] : params) {
        if (name == key) {
            return value;
        }
    }
    return std::nullopt;
}

std::pair<std::string_view, std::string_view> split_target(std::string_view target) noexcept {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return {target, {}};
    }
    return {target.substr(0, question), target.substr(question + 1)};
}

} // namespace dcvd::api
