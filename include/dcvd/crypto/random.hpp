// crypto/random.hpp: bytes from OpenSSL's CSPRNG, for secrets such as API tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dcvd/base/result.hpp"

namespace dcvd::crypto {

/// `count` bytes from RAND_bytes; Unavailable when the generator cannot deliver (not seeded).
[[nodiscard]] base::Result<std::vector<std::uint8_t>> random_bytes(std::size_t count);

} // namespace dcvd::crypto
