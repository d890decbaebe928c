// crypto/sha256.hpp: SHA-256 through OpenSSL's EVP interface.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace dcvd::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;

[[nodiscard]] Sha256Digest sha256(std::span<const std::uint8_t> data);
[[nodiscard]] Sha256Digest sha256(std::string_view data);

} // namespace dcvd::crypto
