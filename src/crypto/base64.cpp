// crypto/base64.cpp: EVP_DecodeBlock with the length and padding checks it leaves to callers.
#include "dcvd/crypto/base64.hpp"

#include <openssl/evp.h>

namespace dcvd::crypto {

std::optional<std::string> decode_base64(std::string_view text) {
    if (text.size() % 4 != 0 || text.size() > 1U << 20) {
        return std::nullopt;
    }
    if (text.empty()) {
        return std::string();
    }
    std::string out(text.size() / 4 * 3, '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()),
                                       static_cast<int>(text.size()));
    if (length < 0) {
        return std::nullopt;
    }
    // EVP_DecodeBlock counts padding as zero octets (and skips leading blanks: refuse those).
    if (text.front() == ' ' || text.front() == '\t') {
        return std::nullopt;
    }
    std::size_t padding = 0;
    if (text.ends_with("==")) {
        padding = 2;
    } else if (text.ends_with('=')) {
        padding = 1;
    }
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

} // namespace dcvd::crypto
