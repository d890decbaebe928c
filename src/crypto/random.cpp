// crypto/random.cpp: RAND_bytes, with its failure as a result rather than a throw.
#include "dcvd/crypto/random.hpp"

#include <array>
#include <climits>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/rand.h>

namespace dcvd::crypto {

base::Result<std::vector<std::uint8_t>> random_bytes(std::size_t count) {
    // RAND_bytes takes an int; secrets are tens of bytes, so a larger request is a bug.
    if (count > static_cast<std::size_t>(INT_MAX)) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("cannot draw {} random bytes at once", count));
    }
    std::vector<std::uint8_t> bytes(count);
    if (count != 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) {
        const unsigned long code = ERR_get_error();
        std::array<char, 256> reason{};
        ERR_error_string_n(code, reason.data(), reason.size());
        return base::unexpected(
            base::ErrorCode::Unavailable,
            fmt::format("the random number generator failed: {}", reason.data()));
    }
    return bytes;
}

} // namespace dcvd::crypto
