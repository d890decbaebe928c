// api/delegation_routes.hpp: the native v1 routes (DESIGN.md §5): delegations and their
// challenge values. params[0] is always the host as given in the path.
#pragma once

#include "api_context.hpp"

namespace dcvd::api {

void put_delegation(const ApiContext& context, Call& call);    ///< PUT    /v1/delegations/{host}
void get_delegation(const ApiContext& context, Call& call);    ///< GET    /v1/delegations/{host}
void delete_delegation(const ApiContext& context, Call& call); ///< DELETE /v1/delegations/{host}
void list_delegations(const ApiContext& context, Call& call);  ///< GET    /v1/delegations
void check_delegation(const ApiContext& context, Call& call); ///< POST /v1/delegations/{host}/check
void add_value(const ApiContext& context, Call& call);        ///< POST   /v1/delegations/{host}/txt
void remove_value(const ApiContext& context, Call& call);     ///< DELETE …/txt/{value}
void remove_values(const ApiContext& context, Call& call);    ///< DELETE …/txt

} // namespace dcvd::api
