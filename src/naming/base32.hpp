// naming/base32.hpp: RFC 4648 §6 base32, lower-case alphabet, without padding (a DNS label).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace dcvd::naming {

/// "abcdefghijklmnopqrstuvwxyz234567"; 5 bits a character, the last one zero-filled.
[[nodiscard]] std::string base32_lower(std::span<const std::uint8_t> bytes);

} // namespace dcvd::naming
