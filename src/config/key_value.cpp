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

/// `text` made absolute, or the reason it is not a domain name below the root.
base::Result<std::string> absolute_domain_name(const std::string& text) {
    const std::string absolute = text.ends_with('.') ? text : text + ".";
    wire::Name name;
    if (!wire::Name::from_text(absolute, name)) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("not a domain name: \"{}\"", text));
    }
    if (name.is_root()) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("must be a domain name below the root, got \"{}\"", text));
    }
    return absolute;
}

std::optional<Value> read_domain_name(const std::string& text, std::size_t line,
                                      const Report& report) {
    auto absolute = absolute_domain_name(text);
    if (!absolute) {
        report(line, absolute.error().message);
        return std::nullopt;
    }
    return Value{std::move(*absolute)};
}

/// An array of strings, each checked by `check`: a base::Result<std::string> holding the element
/// as stored (normalized) or the reason it is refused.
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
        } else if (auto item = check(*text); !item) {
            report(line_of(element), item.error().message);
            valid = false;
        } else {
            items.push_back(std::move(*item));
        }
    }
    return valid ? std::optional<Value>(std::move(items)) : std::nullopt;
}

std::optional<Value> read_endpoints(const toml::node& node, const Report& report) {
    return read_list(node, report, "\"ip:port\"", false,
                     [](const std::string& text) -> base::Result<std::string> {
                         auto parsed = uv::Endpoint::parse(text);
                         if (!parsed) {
                             return base::unexpected(parsed.error());
                         }
                         return text;
                     });
}

std::optional<Value> read_cidrs(const toml::node& node, const Report& report) {
    return read_list(node, report, "CIDR", true,
                     [](const std::string& text) -> base::Result<std::string> {
                         if (!base::Cidr::parse(text)) {
                             return base::unexpected(
                                 base::ErrorCode::Invalid,
                                 fmt::format("\"{}\" is not a CIDR prefix such as "
                                             "\"192.0.2.0/24\" or \"2001:db8::/32\" (no bits "
                                             "set past the length)",
                                             text));
                         }
                         return text;
                     });
}

std::optional<Value> read_domain_names(const toml::node& node, const Report& report) {
    return read_list(node, report, "domain name", true, absolute_domain_name);
}

/// A URL's authority: a host (a name, an IPv4 address or a bracketed IPv6 one), then an
/// optional ":port" of digits. No user information: it would put a password in the file.
bool is_host_and_port(std::string_view authority) noexcept {
    std::string_view host = authority;
    std::string_view after_host;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = authority.substr(1, close - 1);
        after_host = authority.substr(close + 1);
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        after_host = authority.substr(colon);
    }
    if (host.empty() || host.find('@') != std::string_view::npos) {
        return false;
    }
    if (after_host.empty()) {
        return true;
    }
    const auto port = after_host.substr(1);
    return after_host.starts_with(':') && !port.empty() && port.size() <= 5 &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// http:// or https://, a host and an optional port, then an optional path; no octet that a
/// request line would need escaped.
std::optional<Value> read_url(const std::string& text, std::size_t line, const Report& report) {
    if (std::any_of(text.begin(), text.end(), [](char c) {
            const auto octet = static_cast<unsigned char>(c);
            return octet <= 0x20 || octet == 0x7f;
        })) {
        report(line, "must not contain spaces or control characters");
        return std::nullopt;
    }
    std::string_view rest = text;
    bool valid = false;
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (rest.starts_with(scheme)) {
            rest.remove_prefix(scheme.size());
            valid = is_host_and_port(rest.substr(0, rest.find_first_of("/?#")));
            break;
        }
    }
    if (!valid) {
        report(line, fmt::format("must be an http:// or https:// URL with a host, such as "
                                 "\"https://hooks.example.net/dcvd\", got \"{}\"",
                                 text));
        return std::nullopt;
    }
    return Value{text};
}

std::optional<Value> read_secret(const Key& key, const std::string& text, std::size_t line,
                                 const Report& report) {
    if (text.size() < key.min) {
        // The reason gives the length only: a secret is never printed.
        report(line, fmt::format("must be at least {} octets long, got {}", key.min, text.size()));
        return std::nullopt;
    }
    return Value{text};
}

std::optional<Value> read_choice(const Key& key, const std::string& text, std::size_t line,
                                 const Report& report) {
    if (std::find(key.choices.begin(), key.choices.end(), text) == key.choices.end()) {
        report(line, fmt::format("must be one of {}, got \"{}\"", allowed_text(key), text));
        return std::nullopt;
    }
    return Value{text};
}

std::optional<Value> read_boolean(const toml::node& node, const Report& report) {
    const auto flag = node.value_exact<bool>();
    if (!flag) {
        report(line_of(node), wrong_type("true or false", node));
        return std::nullopt;
    }
    return Value{std::in_place_type<bool>, *flag};
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

std::string wrong_type(std::string_view expected, const toml::node& node) {
    return fmt::format("expected {}, got {}", expected, type_name(node));
}

std::optional<Value> value_from_toml(const Key& key, const toml::node& node, const Report& report) {
    switch (key.kind) {
    case Kind::Boolean:
        return read_boolean(node, report);
    case Kind::DomainNames:
        return read_domain_names(node, report);
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
    case Kind::Url:
        return read_url(*text, line_of(node), report);
    case Kind::Secret:
        return read_secret(key, *text, line_of(node), report);
    case Kind::Choice:
        return read_choice(key, *text, line_of(node), report);
    default: // Kind::Path
        if (text->empty()) {
            report(line_of(node), "must not be empty");
            return std::nullopt;
        }
        return Value{*text};
    }
}

std::string value_text(const Key& key, const Value& value) {
    if (const auto* flag = std::get_if<bool>(&value)) {
        return *flag ? "true" : "false";
    }
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
    return key.kind == Kind::Integer || key.kind == Kind::Boolean ? text : toml_string(text);
}

std::string allowed_text(const Key& key) {
    switch (key.kind) {
    case Kind::Integer:
    case Kind::Seconds:
    case Kind::Milliseconds:
    case Kind::Size:
        return fmt::format("{}..{}", value_text(key, key.min), value_text(key, key.max));
    case Kind::Choice:
        return fmt::format("{}", fmt::join(key.choices, ", "));
    case Kind::Endpoints:
        return "at least one";
    case Kind::Cidrs:
        return "CIDR prefixes, or none";
    case Kind::DomainNames:
        return "domain names, or none";
    case Kind::Url:
        return "an http:// or https:// URL";
    case Kind::Secret:
        return fmt::format("at least {} octets", key.min);
    default:
        return {};
    }
}

} // namespace dcvd::config
