// store/acme_accounts.hpp: accounts of the acme-dns compatible API in the "acme_accounts"
// database: username → subdomain, SHA-256 of the password, allowed source prefixes. The account
// and its target are written together by the RegisterAcmeDns operation (write_ops.hpp).
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

struct AcmeDnsAccount {
    std::string username;  ///< a UUID, lower case: the key
    std::string subdomain; ///< a UUID, lower case: the target's label under the zone
    /// SHA-256 of the password: 240 random bits need no slow hash (acme-dns's bcrypt guards
    /// passwords people choose; nobody chooses these).
    std::array<std::uint8_t, 32> password_hash{};
    std::vector<std::string> allow_from; ///< canonical CIDR text; empty: any source
    std::uint64_t created = 0;           ///< Unix seconds
};

/// The account called `username`, or nullopt (also on a read-only store from before accounts).
[[nodiscard]] base::Result<std::optional<AcmeDnsAccount>>
find_acme_account(Env& env, std::string_view username);

} // namespace dcvd::store
