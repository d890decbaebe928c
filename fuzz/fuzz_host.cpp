// fuzz/fuzz_host.cpp: host text → normalized host → target, the edge every write passes. What
// normalizes is a fixed point, and its target is a name of at most 255 octets below the apex
// whose key is the target's relative key.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dcvd/naming/target.hpp"
#include "dcvd/wire/name.hpp"
#include "fuzz_apex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto host = naming::normalize_host(text, fuzz::apex());
    if (!host) {
        if (host.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    const auto again = naming::normalize_host(*host, fuzz::apex());
    if (!again || *again != *host) {
        std::abort();
    }
    const auto target = naming::target_for(*host, fuzz::apex());
    if (!target || target->host != *host || !target->name.is_subdomain_of(fuzz::apex()) ||
        target->name.wire().size() > 255) {
        std::abort();
    }
    wire::KeyBuffer key{};
    const std::size_t key_size =
        wire::relative_key(target->name.wire(), fuzz::apex().label_count(), key);
    if (key_size == wire::invalid_key || key_size != target->key.size() ||
        !std::equal(target->key.begin(), target->key.end(), key.begin())) {
        std::abort();
    }
    return 0;
}
