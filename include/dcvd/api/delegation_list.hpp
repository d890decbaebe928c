// api/delegation_list.hpp: one page of the delegation list, as GET /v1/delegations and `dcvd
// delegation list` walk it: canonical order, after a host's key, optionally one state only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/target_record.hpp"

namespace dcvd::api {

struct DelegationQuery {
    std::optional<store::DelegationState> state; ///< nullopt: every state
    std::vector<std::uint8_t> after;             ///< target key to start after; empty: the first
    std::size_t limit = 0;                       ///< most delegations returned; 0: no limit
    /// Most records read while the state filter skips them (0: no bound): a page may then come
    /// back short, with `next` to go on from, but no call scans a million targets.
    std::size_t max_scanned = 0;
};

struct DelegationPage {
    std::vector<store::TargetRecord> delegations;
    /// The host of the last record read, when at least one more follows: pass its key as the
    /// next query's `after`. nullopt: the list is complete.
    std::optional<std::string> next;
};

/// Reads one page in one read txn (store::for_each_target).
[[nodiscard]] base::Result<DelegationPage> delegation_page(store::Env& env,
                                                           const DelegationQuery& query);

/// The state named by `text` ("pending", ...); Invalid, naming the known states, otherwise.
[[nodiscard]] base::Result<store::DelegationState> parse_state(std::string_view text);

} // namespace dcvd::api
