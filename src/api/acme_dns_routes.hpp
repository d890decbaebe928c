// api/acme_dns_routes.hpp: the acme-dns API (DESIGN.md §5), as its clients (certbot hooks,
// acme.sh, lego, Caddy, Traefik, cert-manager) call it: POST /register, POST /update,
// GET /health; its status codes and its {"error": "..."} bodies.
#pragma once

#include "api_context.hpp"

namespace dcvd::api {

/// Makes an account bound to a random subdomain under the zone (a write token is required: an
/// open registration would let anyone make names in the provider's zone).
void acme_dns_register(const ApiContext& context, Call& call);
/// X-Api-User and X-Api-Key, then {"subdomain", "txt"}: keeps the two most recent values.
void acme_dns_update(const ApiContext& context, Call& call);
void acme_dns_health(const ApiContext& context, Call& call);

} // namespace dcvd::api
