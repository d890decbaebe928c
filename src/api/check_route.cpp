// api/check_route.cpp: POST /v1/delegations/{host}/check: checks the delegation now through the
// checker and answers once the result is recorded, with the delegation and what was found.
#include <memory>

#include <fmt/format.h>

#include "dcvd/api/delegation_json.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/store/reader.hpp"
#include "delegation_routes.hpp"
#include "host_target.hpp"
#include "http_response.hpp"
#include "json_body.hpp"

namespace dcvd::api {

void check_delegation(const ApiContext& context, Call& call) {
    auto target = writable(call, host_target(context, call.params[0]));
    if (!target) {
        return;
    }
    if (auto body = JsonBody::parse(call.request.body, {}); !body) {
        call.reply.send(error_response(400, "invalid_body", body.error().message));
        return;
    }
    if (!context.options.check_now) {
        call.reply.send(error_response(503, "unavailable",
                                       "the delegation checker is off (checker.enabled = false)"));
        return;
    }
    context.log->info("check requested token={} host={}", call.caller(), target->host);
    // The Env and the apex outlive the checker's answers; the Service may not.
    context.options.check_now(
        target->key, [reply = std::make_shared<HttpReply>(std::move(call.reply)),
                      &env = context.env, apex = context.options.apex, host = target->host,
                      key = target->key](base::Result<store::Delegation> checked) {
            if (!checked) {
                if (checked.error().code == base::ErrorCode::NotFound) {
                    reply->send(error_response(
                        404, "not_found",
                        fmt::format("no delegation is registered for host '{}'", host)));
                } else {
                    reply->send(error_response(checked.error()));
                }
                return;
            }
            auto record = store::get_target(env, key);
            if (!record || !*record) {
                reply->send(record ? error_response(404, "not_found",
                                                    fmt::format("host '{}' was removed", host))
                                   : error_response(record.error()));
                return;
            }
            auto json = delegation_json(**record, apex, base::unix_now());
            json["check"] = check_json(checked->status);
            reply->send(json_response(200, json));
        });
}

} // namespace dcvd::api
