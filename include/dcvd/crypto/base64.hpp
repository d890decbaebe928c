// crypto/base64.hpp: standard base64 (RFC 4648 §4) decoding, as HTTP Basic credentials need.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dcvd::crypto {

/// The octets `text` encodes (padding required, no whitespace), or nullopt when malformed.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

} // namespace dcvd::crypto
