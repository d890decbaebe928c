// store/tokens.hpp: API tokens in the "tokens" database: only their SHA-256 is kept, with the
// operator's name for the token, its scope and the hosts it may write. Control plane only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"

namespace dcvd::store {

/// What a token may do. Stored as its u8 value: append only, never renumber.
enum class TokenScope : std::uint8_t { Read = 0, Write = 1, Admin = 2 };

/// "read", "write", "admin".
[[nodiscard]] std::string_view to_text(TokenScope scope) noexcept;
[[nodiscard]] std::optional<TokenScope> token_scope_from_text(std::string_view text) noexcept;

using TokenHash = std::array<std::uint8_t, 32>; ///< SHA-256 of the token

struct TokenRecord {
    std::string name; ///< operator's label, unique, 1..64 of [A-Za-z0-9._-]
    TokenScope scope = TokenScope::Read;
    std::vector<std::string> host_suffixes; ///< normalized hosts ("example.com"); empty: all hosts
    std::uint64_t created = 0;              ///< Unix seconds
    TokenHash hash{};
};

/// Stores `token` in a write transaction of its own (LMDB serializes it with any other writer,
/// in this process or another). Invalid when a field is out of its bounds (name, at most 64
/// suffixes of 1..253 octets of [a-z0-9._-]); Conflict when the name or the hash exists, or when
/// the store already holds 4096 tokens (a bound on its scans); Full when the map or the disk is.
[[nodiscard]] base::Result<void> add_token(Env& env, const TokenRecord& token);
/// The token whose SHA-256 is `hash`, or nullopt.
[[nodiscard]] base::Result<std::optional<TokenRecord>> find_token(Env& env, const TokenHash& hash);
/// Every token, sorted by name.
[[nodiscard]] base::Result<std::vector<TokenRecord>> list_tokens(Env& env);
/// Deletes the token called `name` in a write transaction of its own; NotFound when none is.
[[nodiscard]] base::Result<void> revoke_token(Env& env, std::string_view name);
/// Whether any token exists.
[[nodiscard]] base::Result<bool> has_tokens(Env& env);

/// Whether `token` may write values and delegations of `host` (normalized): scope Write or Admin,
/// and host equal to one of host_suffixes or below it on a label boundary ("a.example.com" is under
/// "example.com", "badexample.com" is not); no suffixes: every host.
[[nodiscard]] bool may_write(const TokenRecord& token, std::string_view host) noexcept;

} // namespace dcvd::store
