// naming/target.hpp: hosts and the targets they publish at (DESIGN.md §2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::naming {

/// A host's target in the validation zone.
struct Target {
    std::string host;              ///< normalized: lower-case, no trailing dot
    wire::Name name;               ///< <host>.<apex>, or h<base32(SHA-256(host))>.<apex>
    std::vector<std::uint8_t> key; ///< wire::relative_key of name below the apex
    bool hashed = false;           ///< the hashed label stands in for the host (too long)
};

/// Normalizes and validates a host for the operators' tools: lower-cases it, drops one trailing
/// dot; requires at least two labels, labels of letters, digits, hyphens and underscores (no
/// leading or trailing hyphen), 1..63 octets each, at most 253 in all; refuses wildcards (the
/// message says to register the parent, where a wildcard order validates) and hosts inside
/// `apex`. Messages name the offending label and character.
[[nodiscard]] base::Result<std::string> normalize_host(std::string_view host,
                                                       const wire::Name& apex);

/// The target of a normalized host: "<host>.<apex>" when that fits in 255 wire octets, else the
/// hashed label "h" + base32 (RFC 4648 alphabet, lower case, no padding) of SHA-256(host).
[[nodiscard]] base::Result<Target> target_for(std::string_view normalized_host,
                                              const wire::Name& apex);

/// "h" + base32 of SHA-256(host): the label that stands in for a host too long to be a target.
[[nodiscard]] std::string hashed_label(std::string_view normalized_host);

} // namespace dcvd::naming
