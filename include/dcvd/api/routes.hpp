// api/routes.hpp: what each request of the HTTP API gets. So far the probes (DESIGN.md §5):
// GET /healthz (the process answers) and GET /readyz (it serves DNS and takes writes); anything
// else is a JSON 404, or 405 with Allow for a known path and the wrong method.
#pragma once

#include "dcvd/api/http_message.hpp"

namespace dcvd::api {

/// The response to `request`; never throws for any input.
[[nodiscard]] HttpResponse route(const HttpRequest& request);

} // namespace dcvd::api
