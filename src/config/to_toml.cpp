// config/to_toml.cpp: Config to TOML, every key after two comment lines from the schema: its
// doc, then what it allows and its default. check-config prints it; deploy/dcvd.example.toml is it.
// A repeated table with no elements is shown as one commented-out example element.
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "dcvd/config/config.hpp"
#include "key_value.hpp"
#include "schema.hpp"

namespace dcvd::config {
namespace {

/// "[dns]" or "[[webhook]]", then each key of the table with its comments. `element` indexes a
/// repeated table's elements (0 for a plain table); nullopt prints each key's example instead.
std::string table_text(const schema::Table& table, const Config& config, const Config& defaults,
                       std::optional<std::size_t> element) {
    std::string out = table.is_repeated() ? fmt::format("[[{}]]\n", table.name)
                                          : fmt::format("[{}]\n", table.name);
    for (const auto& key : schema::keys()) {
        if (key.table != table.name) {
            continue;
        }
        const auto allowed = allowed_text(key);
        const std::string presence =
            key.is_required ? "required" : "default " + value_to_toml(key, key.read(defaults, 0));
        const schema::Value value =
            element ? key.read(config, *element) : schema::Value{std::string(key.example)};
        out +=
            fmt::format("# {}\n# {}{}\n{} = {}\n", key.doc, allowed.empty() ? "" : allowed + "; ",
                        presence, key.name, value_to_toml(key, value));
    }
    return out;
}

/// Every line of `text` commented out ("# # doc" for its comments, so uncommenting restores it).
std::string commented(const std::string& text) {
    std::istringstream lines(text);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
        out += "# " + line + "\n";
    }
    return out;
}

} // namespace

std::string to_toml(const Config& config) {
    const Config defaults;
    std::string out;
    for (const auto& table : schema::tables()) {
        out += fmt::format("{}# {}\n", out.empty() ? "" : "\n", table.doc);
        if (!table.is_repeated()) {
            out += table_text(table, config, defaults, 0);
            continue;
        }
        const std::size_t count = table.count(config);
        if (count == 0) {
            out += fmt::format("# None by default; each [[{}]] table adds one, such as:\n",
                               table.name);
            out += commented(table_text(table, config, defaults, std::nullopt));
        }
        for (std::size_t i = 0; i < count; ++i) {
            out += fmt::format("{}{}", i == 0 ? "" : "\n", table_text(table, config, defaults, i));
        }
    }
    return out;
}

} // namespace dcvd::config
