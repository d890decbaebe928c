// api/lego_routes.hpp: lego's httpreq provider (DESIGN.md §5), unchanged: POST /present and
// POST /cleanup with {"fqdn", "value"}, or in RAW mode {"domain", "token", "keyAuth"}.
#pragma once

#include "api_context.hpp"

namespace dcvd::api {

void lego_present(const ApiContext& context, Call& call); ///< registers if needed, adds
void lego_cleanup(const ApiContext& context, Call& call); ///< removes; a value gone is done

} // namespace dcvd::api
