// store/outbox_table.hpp: the "outbox" database inside the writer's transactions: key u64 BE
// id, value u8 format (=1) | u16 url length | url | u32 body length | body; the next id is kept
// in "meta" so that ids are never reused, even once the outbox is empty.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/outbox.hpp"
#include "lmdb.hpp"

namespace dcvd::store::outbox {

/// Write txn: stores `message` under the next id; Invalid when a bound is broken.
[[nodiscard]] base::Result<std::uint64_t> add(MDB_txn* txn, const Env::Handles& handles,
                                              const OutboxMessage& message);
/// Write txn: removes entry `id`; one already gone is not an error.
[[nodiscard]] base::Result<void> remove(MDB_txn* txn, const Env::Handles& handles,
                                        std::uint64_t id);

[[nodiscard]] std::vector<std::uint8_t> encode(const OutboxMessage& message);
/// Internal "malformed outbox entry" for bytes encode would not make.
[[nodiscard]] base::Result<OutboxMessage> decode(std::span<const std::uint8_t> bytes);

} // namespace dcvd::store::outbox
