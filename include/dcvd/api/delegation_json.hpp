// api/delegation_json.hpp: how the API shows a delegation (DESIGN.md §5): host, the CNAME the
// customer publishes, state, times, and the values served now. Public so that `dcvd delegation
// show --json` prints the very object GET /v1/delegations/{host} returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dcvd/api/delegation_list.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::api {

/// {"host", "cname_name", "cname_target", "state", "state_since", "created", "values": [{"value",
/// "ttl", "expires_at"}]}; values expired by `now` are left out (DNS no longer serves them).
[[nodiscard]] nlohmann::json delegation_json(const store::TargetRecord& record,
                                             const wire::Name& apex, std::uint64_t now);

/// What the checker knows: {"reason" (null unless stale), "last_check" (null: never),
/// "next_check", "evidence", "candidate": {"state", "reason", "checks", "since"} or null,
/// "transitions": [{"from", "to", "reason", "at", "evidence"}...]} (oldest first).
[[nodiscard]] nlohmann::json check_json(const store::DelegationStatus& status);

/// {"delegations": [delegation_json...], "next": host or null}: GET /v1/delegations's body.
[[nodiscard]] nlohmann::json delegation_page_json(const DelegationPage& page,
                                                  const wire::Name& apex, std::uint64_t now);

/// "_acme-challenge.<host>." : the name the customer points at us.
[[nodiscard]] std::string cname_name(std::string_view host);

} // namespace dcvd::api
