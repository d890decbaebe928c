// fuzz/fuzz_token_record.cpp: stored token bytes → TokenRecord, or a refusal. Whatever decodes
// is within the bounds, encodes back to the same bytes, and may_write answers for it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dcvd/store/tokens.hpp"
#include "token_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd;
    const std::span<const std::uint8_t> bytes(data, size);
    const auto token = store::decode_token(bytes);
    if (!token) {
        if (token.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    if (!store::validate_token(*token) || !std::ranges::equal(store::encode_token(*token), bytes)) {
        std::abort();
    }
    // A token may always write the hosts it names when its scope writes at all.
    const bool writes = token->scope != store::TokenScope::Read;
    for (const auto& host : token->host_suffixes) {
        if (store::may_write(*token, host) != writes) {
            std::abort();
        }
    }
    static_cast<void>(store::may_write(*token, "www.example.com"));
    return 0;
}
