// fuzz/fuzz_outbox_entry.cpp: stored outbox bytes → a webhook delivery, or a refusal. Whatever
// decodes is within the bounds and encodes back to the same bytes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "outbox_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd;
    const std::span<const std::uint8_t> bytes(data, size);
    const auto message = store::outbox::decode(bytes);
    if (!message) {
        if (message.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    if (message->url.size() > store::max_outbox_url ||
        message->body.size() > store::max_outbox_body ||
        !std::ranges::equal(store::outbox::encode(*message), bytes)) {
        std::abort();
    }
    return 0;
}
