// crypto/hex.hpp: octets as lower-case hexadecimal text, as digests and signatures are shown.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace dcvd::crypto {

/// Two lower-case hex digits per octet ("00ff10"), no separators.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

} // namespace dcvd::crypto
