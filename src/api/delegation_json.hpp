// api/delegation_json.hpp: how the API shows a delegation (DESIGN.md §5): host, the CNAME the
// customer publishes, state, times, and the values served now.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "dcvd/store/target_record.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::api {

/// {"host", "cname_name", "cname_target", "state", "state_since", "created", "values": [{"value",
/// "ttl", "expires_at"}]}; values expired by `now` are left out (DNS no longer serves them).
[[nodiscard]] nlohmann::json delegation_json(const store::TargetRecord& record,
                                             const wire::Name& apex, std::uint64_t now);

/// "_acme-challenge.<host>." : the name the customer points at us.
[[nodiscard]] std::string cname_name(std::string_view host);

} // namespace dcvd::api
