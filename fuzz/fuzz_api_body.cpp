// fuzz/fuzz_api_body.cpp: request bodies → JsonBody, as the native routes (exact keys) and the
// acme-dns routes (keys in any case, forms) read them. Invariants: no crash and no exception; a
// refusal always says why.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json_body.hpp"

namespace {

void read_all(const dcvd::api::JsonBody& body) {
    for (const std::string_view key : {"value", "ttl", "expires_in", "subdomain", "txt"}) {
        const auto text = body.string(key);
        const auto number = body.integer(key);
        if ((!text && text.error().message.empty()) ||
            (!number && number.error().message.empty())) {
            std::abort();
        }
    }
    if (const auto list = body.strings("allowfrom"); !list && list.error().message.empty()) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using dcvd::api::JsonBody;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto keys : {JsonBody::Keys::Exact, JsonBody::Keys::IgnoreCase}) {
        const auto body = JsonBody::parse(
            text, {"value", "ttl", "expires_in", "subdomain", "txt", "allowfrom"}, keys);
        if (body) {
            read_all(*body);
        } else if (body.error().message.empty()) {
            std::abort();
        }
    }
    if (const auto form = dcvd::api::parse_form(text)) {
        read_all(JsonBody::from_form(*form, {"subdomain", "txt"}));
    }
    return 0;
}
