// store/reader.hpp: control-plane reads (CLI, API, export): each call is its own read txn and
// copies what it returns. Never on the DNS hot path.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/store/write_ops.hpp"

namespace dcvd::store {

/// The record at `key`, or nullopt when no target is registered there.
[[nodiscard]] base::Result<std::optional<TargetRecord>>
get_target(Env& env, std::span<const std::uint8_t> key);

/// The serial of the latest commit.
[[nodiscard]] base::Result<std::uint32_t> current_serial(Env& env);

/// Visits targets in canonical order, starting after `after` (empty: from the first), until
/// `visit` returns false or `limit` records were visited (0: no limit). All reads share one
/// snapshot, whose serial is returned.
[[nodiscard]] base::Result<std::uint32_t> for_each_target(
    Env& env, std::span<const std::uint8_t> after, std::size_t limit,
    const std::function<bool(std::span<const std::uint8_t> key, const TargetRecord&)>& visit);

} // namespace dcvd::store
