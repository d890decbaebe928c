// crypto/hmac.cpp: one-shot HMAC-SHA256 with EVP_MAC (STYLE.md §3: EVP/EVP_MAC only). The MAC
// implementation is fetched once per process; each call makes its own context, so any thread may
// call.
#include "dcvd/crypto/hmac.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::crypto {
namespace {

using EvpMac = base::CHandle<EVP_MAC, EVP_MAC_free>;
using EvpMacCtx = base::CHandle<EVP_MAC_CTX, EVP_MAC_CTX_free>;

[[noreturn]] void fail(const char* call) {
    throw std::runtime_error(std::string("OpenSSL ") + call + "(HMAC-SHA256) failed");
}

/// An EVP_MAC may be shared by threads once fetched (openssl-threads(7)); fetching is costly.
EVP_MAC* hmac_implementation() {
    static const EvpMac mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    if (!mac) {
        fail("EVP_MAC_fetch");
    }
    return mac.get();
}

} // namespace

HmacSha256 hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
    const EvpMacCtx context(EVP_MAC_CTX_new(hmac_implementation()));
    if (!context) {
        fail("EVP_MAC_CTX_new");
    }
    char digest_name[] = OSSL_DIGEST_NAME_SHA2_256;
    const std::array params{OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                            OSSL_PARAM_construct_end()};
    // A null key would mean "keep the previous key" to EVP_MAC_init; an empty key is a valid
    // (if useless) HMAC key, so it gets a non-null pointer.
    static constexpr std::uint8_t no_key = 0;
    const std::uint8_t* key_data = key.empty() ? &no_key : key.data();
    if (EVP_MAC_init(context.get(), key_data, key.size(), params.data()) != 1) {
        fail("EVP_MAC_init");
    }
    if (!data.empty() && EVP_MAC_update(context.get(), data.data(), data.size()) != 1) {
        fail("EVP_MAC_update");
    }
    HmacSha256 mac{};
    std::size_t size = 0;
    if (EVP_MAC_final(context.get(), mac.data(), &size, mac.size()) != 1 || size != mac.size()) {
        fail("EVP_MAC_final");
    }
    return mac;
}

HmacSha256 hmac_sha256(std::string_view key, std::string_view data) {
    return hmac_sha256(std::span(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()),
                       std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

} // namespace dcvd::crypto
