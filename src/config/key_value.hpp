// config/key_value.hpp: a key's value between TOML and Config, driven by the key's schema kind:
// reading and checking a TOML node, and writing a value back as TOML or as text for messages.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "schema.hpp"

namespace dcvd::config {

/// Receives one problem: the line it is on and the reason, which says what is allowed.
using Report = std::function<void(std::size_t line, std::string reason)>;

/// "expected <expected>, got <the node's type>" ("expected an integer, got a string").
[[nodiscard]] std::string wrong_type(std::string_view expected, const toml::node& node);

/// The value of `node` for `key`, or nullopt after reporting every problem found.
[[nodiscard]] std::optional<schema::Value>
value_from_toml(const schema::Key& key, const toml::node& node, const Report& report);

/// The value as TOML source ("1232", "\"10s\"", "[\"127.0.0.1:5353\"]").
[[nodiscard]] std::string value_to_toml(const schema::Key& key, const schema::Value& value);
/// The value for messages and comments, unquoted ("1232", "10s", "./var").
[[nodiscard]] std::string value_text(const schema::Key& key, const schema::Value& value);
/// What the key allows beyond its type ("512..4096", "1s..1h", "trace, debug, ..."), or empty.
[[nodiscard]] std::string allowed_text(const schema::Key& key);

} // namespace dcvd::config
