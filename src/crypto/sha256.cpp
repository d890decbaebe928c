// crypto/sha256.cpp: one-shot SHA-256 (EVP_Digest); throws only if OpenSSL itself fails.
#include "dcvd/crypto/sha256.hpp"

#include <stdexcept>

#include <openssl/evp.h>

namespace dcvd::crypto {

Sha256Digest sha256(std::span<const std::uint8_t> data) {
    Sha256Digest digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != digest.size()) {
        throw std::runtime_error("OpenSSL EVP_Digest(SHA-256) failed");
    }
    return digest;
}

Sha256Digest sha256(std::string_view data) {
    return sha256(std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

} // namespace dcvd::crypto
