// config/key_value.cpp: per-kind reading, checking and printing of configuration values. Every
// reason names what is allowed and what was given ("must be between 512 and 4096, got 100").
#include "key_value.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dcvd/base/cidr.hpp"
#include "dcvd/config/units.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::config {
namespace {

using schema::Key;
using schema::Kind;
using schema::Value;

std::size_t line_of(const toml::node& node) {
    return node.source().begin.line;
}

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    default:
        return "a date or time";
    }
}

std::string wrong_type(std::string_view expected, const toml::node& node) {
    return fmt::format("expected {}, got {}", expected, type_name(node));
}

/// A TOML basic string: double quotes, with '"', '\\' and control characters escaped.
std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto octet = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (octet < 0x20 || octet == 0x7f) {
            out += fmt::format("\\u{:04X}", octet);
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

bool is_duration(Kind kind) noexcept {
    return kind == Kind::Seconds || kind == Kind::Milliseconds;
}

/// `given` is the value as written.
std::string out_of_range(const Key& key, std::string_view given) {
    return fmt::format("must be between {} and {}, got {}", value_text(key, key.min),
                       value_text(key, key.max), given);
}

/// Checks the numeric range; `given` is the value as written, for the message.
std::optional<Value> in_range(const Key& key, std::uint64_t value, std::string_view given,
                              std::size_t line, const Report& report) {
    if (value < key.min || value > key.max) {
        report(line, out_of_range(key, given));
        return std::nullopt;
    }
    return Value{value};
}

/// A TOML integer within the key's range (negative ones are out of it).
std::optional<Value> integer_in_range(const Key& key, std::int64_t number, std::size_t line,
                                      const Report& report) {
    if (number < 0) {
        report(line, out_of_range(key, std::to_string(number)));
        return std::nullopt;
    }
    return in_range(key, static_cast<std::uint64_t>(number), std::to_string(number), line, report);
}

std::optional<Value> read_domain_name(const std::string& text, std::size_t line,
                                      const Report& report) {
    const std::string absolute = text.ends_with('.') ? text : text + ".";
    wire::Name name;
    if (!wire::Name::from_text(absolute, name)) {
        report(line, fmt::format("not a domain name: \"{}\"", text));
        return std::nullopt;
    }
    if (name.is_root()) {
        report(line, "must be a domain name below the root, got \".\"");
        return std::nullopt;
    }
    return Value{absolute};
}

/// An array of strings, each checked by `check` (an error message, or "" when fine).
template <class Check>
std::optional<Value> read_list(const toml::node& node, const Report& report,
                               std::string_view element_kind, bool may_be_empty, Check check) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        report(line_of(node),
               wrong_type(fmt::format("an array of {} strings", element_kind), node));
        return std::nullopt;
    }
    if (array->empty() && !may_be_empty) {
        report(line_of(node), "must list at least one address");
        return std::nullopt;
    }
    std::vector<std::string> items;
    bool valid = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const auto text = element.value<std::string>();
        if (!text) {
            report(line_of(element),
                   fmt::format("element {}: {}", i + 1, wrong_type("a string", element)));
            valid = false;
        } else if (const std::string problem = check(*text); !problem.empty()) {
            report(line_of(element), problem);
            valid = false;
        } else {
            items.push_back(*text);
        }
    }
    return valid ? std::optional<Value>(std::move(items)) : std::nullopt;
}

std::optional<Value> read_endpoints(const toml::node& node, const Report& report) {
    return read_list(node, report, "\"ip:port\"", false, [](const std::string& text) {
        auto parsed = uv::Endpoint::parse(text);
        return parsed ? std::string() : parsed.error().message;
    });
}

std::optional<Value> read_cidrs(const toml::node& node, const Report& report) {
    return read_list(node, report, "CIDR", true, [](const std::string& text) {
        return base::Cidr::parse(text)
                   ? std::string()
                   : fmt::format("\"{}\" is not a CIDR prefix such as \"192.0.2.0/24\" or "
                                 "\"2001:db8::/32\" (no bits set past the length)",
                                 text);
    });
}

std::optional<Value> read_duration(const Key& key, const std::string& text, std::size_t line,
                                   const Report& report) {
    const auto parsed = parse_duration(text);
    if (!parsed) {
        report(line, parsed.error().message);
        return std::nullopt;
    }
    const auto milliseconds = static_cast<std::uint64_t>(parsed->count());
    if (key.kind == Kind::Seconds && milliseconds % 1000 != 0) {
        report(line, fmt::format("must be a whole number of seconds, got \"{}\"", text));
        return std::nullopt;
    }
    return in_range(key, milliseconds, fmt::format("\"{}\"", text), line, report);
}

std::optional<Value> read_size(const Key& key, const toml::node& node, const Report& report) {
    if (const auto bytes = node.value_exact<std::int64_t>()) {
        return integer_in_range(key, *bytes, line_of(node), report);
    }
    const auto text = node.value_exact<std::string>();
    if (!text) {
        report(line_of(node), wrong_type("a size such as \"4GiB\" or a number of bytes", node));
        return std::nullopt;
    }
    const auto parsed = parse_size(*text);
    if (!parsed) {
        report(line_of(node), parsed.error().message);
        return std::nullopt;
    }
    return in_range(key, *parsed, fmt::format("\"{}\"", *text), line_of(node), report);
}

std::optional<Value> read_file_mode(const std::string& text, std::size_t line,
                                    const Report& report) {
    std::uint64_t mode = 0;
    const bool octal =
        !text.empty() && text.size() <= 4 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '7'; });
    if (octal) {
        for (const char c : text) {
            mode = mode * 8 + static_cast<std::uint64_t>(c - '0');
        }
    }
    if (!octal || mode > 0777) {
        report(line, fmt::format("must be a file mode in octal such as \"0660\" (at most 0777), "
                                 "got \"{}\"",
                                 text));
        return std::nullopt;
    }
    return Value{mode};
}

std::optional<Value> read_integer(const Key& key, const toml::node& node, const Report& report) {
    const auto number = node.value_exact<std::int64_t>();
    if (!number) {
        report(line_of(node), wrong_type("an integer", node));
        return std::nullopt;
    }
    return integer_in_range(key, *number, line_of(node), report);
}

} // namespace

std::optional<Value> value_from_toml(const Key& key, const toml::node& node, const Report& report) {
    switch (key.kind) {
    case Kind::Endpoints:
        return read_endpoints(node, report);
    case Kind::Cidrs:
        return read_cidrs(node, report);
    case Kind::Integer:
        return read_integer(key, node, report);
    case Kind::Size:
        return read_size(key, node, report);
    default:
        break;
    }
    const auto text = node.value_exact<std::string>();
    if (!text) {
        report(line_of(node),
               wrong_type(is_duration(key.kind) ? "a duration string such as \"10s\"" : "a string",
                          node));
        return std::nullopt;
    }
    switch (key.kind) {
    case Kind::DomainName:
        return read_domain_name(*text, line_of(node), report);
    case Kind::Seconds:
    case Kind::Milliseconds:
        return read_duration(key, *text, line_of(node), report);
    case Kind::OptionalPath:
        return Value{*text};
    case Kind::FileMode:
        return read_file_mode(*text, line_of(node), report);
    case Kind::LogLevel:
        if (std::find(schema::log_levels.begin(), schema::log_levels.end(), *text) ==
            schema::log_levels.end()) {
            report(line_of(node),
                   fmt::format("must be one of {}, got \"{}\"", allowed_text(key), *text));
            return std::nullopt;
        }
        return Value{*text};
    default: // Kind::Path
        if (text->empty()) {
            report(line_of(node), "must not be empty");
            return std::nullopt;
        }
        return Value{*text};
    }
}

std::string value_text(const Key& key, const Value& value) {
    if (const auto* number = std::get_if<std::uint64_t>(&value)) {
        if (is_duration(key.kind)) {
            return format_duration(std::chrono::milliseconds(static_cast<std::int64_t>(*number)));
        }
        if (key.kind == Kind::FileMode) {
            return fmt::format("{:04o}", *number);
        }
        return key.kind == Kind::Size ? format_size(*number) : std::to_string(*number);
    }
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        return fmt::format("{}", fmt::join(*list, ", "));
    }
    return std::get<std::string>(value);
}

std::string value_to_toml(const Key& key, const Value& value) {
    if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        std::vector<std::string> quoted;
        for (const auto& item : *list) {
            quoted.push_back(toml_string(item));
        }
        return fmt::format("[{}]", fmt::join(quoted, ", "));
    }
    const std::string text = value_text(key, value);
    return key.kind == Kind::Integer ? text : toml_string(text);
}

std::string allowed_text(const Key& key) {
    switch (key.kind) {
    case Kind::Integer:
    case Kind::Seconds:
    case Kind::Milliseconds:
    case Kind::Size:
        return fmt::format("{}..{}", value_text(key, key.min), value_text(key, key.max));
    case Kind::LogLevel:
        return fmt::format("{}", fmt::join(schema::log_levels, ", "));
    case Kind::Endpoints:
        return "at least one";
    case Kind::Cidrs:
        return "CIDR prefixes, or none";
    default:
        return {};
    }
}

} // namespace dcvd::config
