// store/delegation_reader.hpp: reads of delegations for the checker, the audit and the API, each
// in a read transaction of its own, copying out. Never on the DNS hot path.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/env.hpp"

namespace dcvd::store {

/// The delegation at `key`; nullopt when no customer target is registered there (acme-dns
/// targets are not delegations).
[[nodiscard]] base::Result<std::optional<Delegation>>
get_delegation(Env& env, std::span<const std::uint8_t> key);

/// Up to `limit` delegations due by `now`, earliest first, passing over those `skip` names
/// (checks already under way). Reads the schedule index from its start: only what is due and
/// what is skipped is looked at, never the other delegations.
[[nodiscard]] base::Result<std::vector<Delegation>>
due_delegations(Env& env, std::uint64_t now, std::size_t limit,
                const std::function<bool(std::span<const std::uint8_t> key)>& skip);

/// Visits every delegation in key order, in one snapshot, until `visit` returns false.
[[nodiscard]] base::Result<void>
for_each_delegation(Env& env, const std::function<bool(const Delegation&)>& visit);

} // namespace dcvd::store
