// api/json_body.cpp: nlohmann::json without exceptions reaching the caller.
#include "json_body.hpp"

#include <fmt/format.h>

namespace dcvd::api {
namespace {

base::Unexpected invalid(std::string message) {
    return base::unexpected(base::ErrorCode::Invalid, std::move(message));
}

bool same_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if ((a[i] | 0x20) != (b[i] | 0x20)) {
            return false;
        }
    }
    return true;
}

/// The allowed spelling `key` stands for, or nullopt.
std::optional<std::string_view> allowed_key(std::string_view key,
                                            std::initializer_list<std::string_view> allowed,
                                            JsonBody::Keys keys) {
    for (const std::string_view candidate : allowed) {
        if (keys == JsonBody::Keys::Exact ? candidate == key : same_ignoring_case(candidate, key)) {
            return candidate;
        }
    }
    return std::nullopt;
}

std::string listed(std::initializer_list<std::string_view> allowed) {
    return allowed.size() == 0 ? std::string("none") : fmt::format("{}", fmt::join(allowed, ", "));
}

} // namespace

base::Result<JsonBody> JsonBody::parse(std::string_view body,
                                       std::initializer_list<std::string_view> allowed, Keys keys) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return JsonBody(nlohmann::json::object());
    }
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
        return invalid("the body is not valid JSON (RFC 8259); send one object, e.g. "
                       "{\"value\": \"...\"}");
    }
    if (!parsed.is_object()) {
        return invalid(fmt::format("the body must be a JSON object, not {}", parsed.type_name()));
    }
    nlohmann::json object = nlohmann::json::object();
    for (auto& [key, value] : parsed.items()) {
        const auto known = allowed_key(key, allowed, keys);
        if (!known) {
            if (keys == Keys::Exact) {
                return invalid(fmt::format("unknown key \"{}\" in the body: the keys allowed here "
                                           "are {}",
                                           key, listed(allowed)));
            }
            continue;
        }
        object[std::string(*known)] = std::move(value);
    }
    return JsonBody(std::move(object));
}

JsonBody JsonBody::from_form(const Params& form, std::initializer_list<std::string_view> allowed) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, value] : form) {
        if (const auto known = allowed_key(key, allowed, Keys::IgnoreCase)) {
            object[std::string(*known)] = value;
        }
    }
    return JsonBody(std::move(object));
}

base::Result<std::optional<std::string>> JsonBody::string(std::string_view key) const {
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
        return std::optional<std::string>();
    }
    if (!found->is_string()) {
        return invalid(fmt::format("\"{}\" must be a string, not {}", key, found->type_name()));
    }
    return std::optional<std::string>(found->get<std::string>());
}

base::Result<std::optional<std::int64_t>> JsonBody::integer(std::string_view key) const {
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
        return std::optional<std::int64_t>();
    }
    if (found->is_number_integer() && !found->is_number_unsigned()) {
        return std::optional<std::int64_t>(found->get<std::int64_t>());
    }
    if (found->is_number_unsigned()) {
        const auto value = found->get<std::uint64_t>();
        if (value <= static_cast<std::uint64_t>(INT64_MAX)) {
            return std::optional<std::int64_t>(static_cast<std::int64_t>(value));
        }
    }
    return invalid(fmt::format("\"{}\" must be a whole number in JSON (no quotes, no fraction), "
                               "not a {}{}",
                               key, found->type_name(),
                               found->is_number_float() ? " with a fraction or exponent" : ""));
}

base::Result<std::optional<bool>> JsonBody::boolean(std::string_view key) const {
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
        return std::optional<bool>();
    }
    if (found->is_boolean()) {
        return std::optional<bool>(found->get<bool>());
    }
    return invalid(fmt::format("\"{}\" must be true or false in JSON (no quotes), not a {}", key,
                               found->type_name()));
}

base::Result<std::optional<std::vector<std::string>>>
JsonBody::strings(std::string_view key) const {
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
        return std::optional<std::vector<std::string>>();
    }
    if (!found->is_array()) {
        return invalid(
            fmt::format("\"{}\" must be an array of strings, not {}", key, found->type_name()));
    }
    std::vector<std::string> out;
    for (const auto& item : *found) {
        if (!item.is_string()) {
            return invalid(
                fmt::format("\"{}\" must hold only strings, not {}", key, item.type_name()));
        }
        out.push_back(item.get<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(out));
}

} // namespace dcvd::api
