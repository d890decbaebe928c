// crypto/constant_time.cpp: CRYPTO_memcmp behind a span interface (STYLE.md §3).
#include "dcvd/crypto/constant_time.hpp"

#include <openssl/crypto.h>

namespace dcvd::crypto {

bool constant_time_equal(std::span<const std::uint8_t> a,
                         std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    // CRYPTO_memcmp of zero bytes is 0; empty spans may carry null pointers, which it never reads.
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace dcvd::crypto
