// store/outbox.hpp: webhook deliveries waiting to be delivered ("outbox" database). A
// transition's deliveries are written in the same transaction as the transition (RecordCheck),
// so none is lost to a crash, and stay until the receiver took them (DeleteOutbox).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"

namespace dcvd::store {

inline constexpr std::size_t max_outbox_url = 2048;
inline constexpr std::size_t max_outbox_body = 64 * 1024;

/// One delivery to write: the body for one webhook url.
struct OutboxMessage {
    std::string url;
    std::string body;
};

struct OutboxEntry {
    std::uint64_t id = 0; ///< increasing, never reused
    std::string url;
    std::string body;
};

/// Up to `limit` entries with ids above `after`, in id order (after = 0: from the first).
[[nodiscard]] base::Result<std::vector<OutboxEntry>> outbox_after(Env& env, std::uint64_t after,
                                                                  std::size_t limit);

} // namespace dcvd::store
