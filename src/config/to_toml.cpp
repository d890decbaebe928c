// config/to_toml.cpp: Config to TOML, every key after two comment lines from the schema: its
// doc, then what it allows and its default. check-config prints it; deploy/dcvd.example.toml is it.
#include <fmt/format.h>

#include "dcvd/config/config.hpp"
#include "key_value.hpp"
#include "schema.hpp"

namespace dcvd::config {

std::string to_toml(const Config& config) {
    const Config defaults;
    std::string out;
    for (const auto& table : schema::tables()) {
        out += fmt::format("{}# {}\n[{}]\n", out.empty() ? "" : "\n", table.doc, table.name);
        for (const auto& key : schema::keys()) {
            if (key.table != table.name) {
                continue;
            }
            const auto allowed = allowed_text(key);
            out += fmt::format("# {}\n# {}default {}\n{} = {}\n", key.doc,
                               allowed.empty() ? "" : allowed + "; ",
                               value_to_toml(key, key.read(defaults)), key.name,
                               value_to_toml(key, key.read(config)));
        }
    }
    return out;
}

} // namespace dcvd::config
