// crypto/base64url.hpp: base64url (RFC 4648 §5) without padding, as tokens and ACME use it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace dcvd::crypto {

/// The base64url text of `bytes`: alphabet A-Z a-z 0-9 '-' '_', no '=' padding.
[[nodiscard]] std::string base64url(std::span<const std::uint8_t> bytes);

} // namespace dcvd::crypto
