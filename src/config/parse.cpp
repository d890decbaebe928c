// config/parse.cpp: TOML text to Config. toml++ reads the syntax; the schema checks every table
// and key; all problems come back at once, in line order, as "<source>:<line>: <key>: <reason>".
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dcvd/config/config.hpp"
#include "key_value.hpp"
#include "schema.hpp"

namespace dcvd::config {
namespace {

/// Problems found so far, each with its line for ordering.
class Problems {
public:
    explicit Problems(std::string_view source) : source_(source) {}

    void add(std::size_t line, std::string_view subject, std::string_view reason) {
        lines_.emplace_back(line, fmt::format("{}:{}: {}: {}", source_, line, subject, reason));
    }
    [[nodiscard]] bool empty() const noexcept { return lines_.empty(); }
    [[nodiscard]] std::string text() {
        std::stable_sort(lines_.begin(), lines_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::string> texts;
        for (auto& [line, message] : lines_) {
            texts.push_back(std::move(message));
        }
        return fmt::format("{}", fmt::join(texts, "\n"));
    }

private:
    std::string_view source_;
    std::vector<std::pair<std::size_t, std::string>> lines_;
};

std::string known_tables() {
    std::vector<std::string_view> names;
    for (const auto& table : schema::tables()) {
        names.push_back(table.name);
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

/// "[dns]", or "[[webhook]]" for a repeated table.
std::string header_of(const schema::Table& table) {
    return table.is_repeated() ? fmt::format("[[{}]]", table.name)
                               : fmt::format("[{}]", table.name);
}

std::string known_keys(const schema::Table& table) {
    std::vector<std::string_view> names;
    for (const auto& key : schema::keys()) {
        if (key.table == table.name) {
            names.push_back(key.name);
        }
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

/// Where each key was given and which keys were refused, for the checks across keys.
struct Seen {
    std::map<std::string, std::size_t, std::less<>> lines; ///< "table.key" → line
    std::set<std::string, std::less<>> refused;
};

/// One table of the file: a plain table, or element `element` of a repeated one. `prefix` names
/// it in messages: "dns", "webhook[2]" (counted from 1, as list elements are).
void read_table(const schema::Table& schema_table, std::string_view prefix, std::size_t element,
                const toml::table& table, Config& config, Problems& problems, Seen& seen) {
    for (const auto& [name, node] : table) {
        const std::string subject = fmt::format("{}.{}", prefix, name.str());
        const std::size_t line = node.source().begin.line;
        const schema::Key* key = schema::find_key(schema_table.name, name.str());
        if (key == nullptr) {
            problems.add(line, subject,
                         fmt::format("unknown key; known keys in {}: {}", header_of(schema_table),
                                     known_keys(schema_table)));
            continue;
        }
        const auto value = value_from_toml(*key, node, [&](std::size_t at, std::string reason) {
            problems.add(at, subject, reason);
        });
        if (value) {
            key->write(config, element, *value);
            seen.lines[subject] = line;
        } else {
            seen.refused.insert(subject);
        }
    }
    for (const auto& key : schema::keys()) {
        if (key.table == schema_table.name && key.is_required && !table.contains(key.name)) {
            problems.add(table.source().begin.line, fmt::format("{}.{}", prefix, key.name),
                         fmt::format("missing; each {} needs one", header_of(schema_table)));
        }
    }
}

/// `[[webhook]]` tables: toml++ gives them as an array of tables (as it does `webhook = [{...}]`).
void read_repeated_table(const schema::Table& schema_table, const toml::node& node, Config& config,
                         Problems& problems, Seen& seen) {
    const std::size_t line = node.source().begin.line;
    const auto* array = node.as_array();
    if (array == nullptr) {
        if (node.is_table()) {
            problems.add(line, fmt::format("[{}]", schema_table.name),
                         fmt::format("must be written {0}, an array of tables: one {0} each",
                                     header_of(schema_table)));
        } else {
            problems.add(line, schema_table.name,
                         wrong_type(fmt::format("{} tables", header_of(schema_table)), node));
        }
        return;
    }
    schema_table.resize(config, array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string prefix = fmt::format("{}[{}]", schema_table.name, i + 1);
        if (const auto* table = element.as_table()) {
            read_table(schema_table, prefix, i, *table, config, problems, seen);
        } else {
            problems.add(element.source().begin.line, prefix, wrong_type("a table", element));
        }
    }
}

/// The schema's orderings (default_ttl <= max_ttl, ...) between keys that were not refused.
void check_orderings(const Config& config, Problems& problems, const Seen& seen) {
    for (const auto& ordering : schema::orderings()) {
        const auto lower_name = fmt::format("{}.{}", ordering.table, ordering.lower);
        const auto upper_name = fmt::format("{}.{}", ordering.table, ordering.upper);
        if (seen.refused.contains(lower_name) || seen.refused.contains(upper_name)) {
            continue;
        }
        const auto& lower = *schema::find_key(ordering.table, ordering.lower);
        const auto& upper = *schema::find_key(ordering.table, ordering.upper);
        const auto lower_value = std::get<std::uint64_t>(lower.read(config, 0));
        const auto upper_value = std::get<std::uint64_t>(upper.read(config, 0));
        if (lower_value <= upper_value) {
            continue;
        }
        // Point at the key the file gave (the lower one if both); defaults alone never fail.
        const auto given_lower = seen.lines.find(lower_name);
        const auto given_upper = seen.lines.find(upper_name);
        const std::size_t line = given_lower != seen.lines.end()   ? given_lower->second
                                 : given_upper != seen.lines.end() ? given_upper->second
                                                                   : 1;
        problems.add(line, lower_name,
                     fmt::format("must not exceed {} ({}), got {}", upper_name,
                                 value_text(upper, upper_value), value_text(lower, lower_value)));
    }
}

} // namespace

base::Result<Config> parse(std::string_view text, std::string_view source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("{}:{}: {}", source, error.source().begin.line, error.description()));
    }
    Config config;
    config.source = std::string(source);
    Problems problems(source);
    Seen seen;
    for (const auto& [name, node] : root) {
        const std::size_t line = node.source().begin.line;
        const schema::Table* schema_table = schema::find_table(name.str());
        if (schema_table == nullptr) {
            if (node.is_table()) {
                problems.add(line, fmt::format("[{}]", name.str()),
                             fmt::format("unknown table; known tables: {}", known_tables()));
            } else {
                problems.add(
                    line, name.str(),
                    fmt::format("unknown key; keys belong in the tables {}", known_tables()));
            }
        } else if (schema_table->is_repeated()) {
            read_repeated_table(*schema_table, node, config, problems, seen);
        } else if (const auto* table = node.as_table()) {
            read_table(*schema_table, name.str(), 0, *table, config, problems, seen);
        } else {
            problems.add(line, name.str(),
                         fmt::format("expected the table [{}], got a value", name.str()));
        }
    }
    check_orderings(config, problems, seen);
    if (!problems.empty()) {
        return base::unexpected(base::ErrorCode::Invalid, problems.text());
    }
    return config;
}

base::Result<Config> load_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int error = errno;
        return base::unexpected(error == ENOENT ? base::ErrorCode::NotFound
                                                : base::ErrorCode::Unavailable,
                                fmt::format("{}: cannot read the configuration file: {}",
                                            path.string(), std::strerror(error)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return base::unexpected(
            base::ErrorCode::Unavailable,
            fmt::format("{}: cannot read the configuration file", path.string()));
    }
    return parse(text.str(), path.string());
}

std::string_view embedded_default_text() noexcept {
    // The shape of issue 2; every key left out takes its default (see deploy/dcvd.example.toml).
    return R"(# dcvd's built-in configuration, used when no --config is given.
[zone]
name = "validation.example.net."
file = "zones/validation.example.net.zone"

[dns]
listen = ["127.0.0.1:5353", "[::1]:5353"]   # UDP and TCP on each
workers = 0                                   # one per core

[store]
path = "./var"
)";
}

base::Result<Config> embedded_default() {
    return parse(embedded_default_text(), "(embedded default)");
}

} // namespace dcvd::config
