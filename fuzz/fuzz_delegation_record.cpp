// fuzz/fuzz_delegation_record.cpp: stored delegation-record bytes → the checker's part of a
// DelegationStatus, or a refusal. Whatever decodes is within the bounds and encodes back to the
// same bytes; decoding leaves the target record's part alone.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "delegation_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dcvd;
    const std::span<const std::uint8_t> bytes(data, size);
    store::DelegationStatus status;
    status.state = store::DelegationState::Active;
    status.registered_at = 7;
    status.since = 9;
    const auto decoded = store::decode_delegation(bytes, status);
    if (!decoded) {
        if (decoded.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    if (status.state != store::DelegationState::Active || status.registered_at != 7 ||
        status.since != 9 || status.transitions.size() > store::max_kept_transitions ||
        status.evidence.size() > store::max_evidence_size ||
        !std::ranges::equal(store::encode_delegation(status), bytes)) {
        std::abort();
    }
    return 0;
}
