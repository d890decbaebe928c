// api/delegation_routes.cpp: register, show, list and offboard delegations; add and remove
// their challenge values. Reads answer at once; writes answer once their commit is durable.
#include "delegation_routes.hpp"

#include <charconv>

#include <fmt/format.h>

#include "committed_write.hpp"
#include "dcvd/api/delegation_json.hpp"
#include "dcvd/api/delegation_list.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/store/delegation_reader.hpp"
#include "dcvd/store/reader.hpp"
#include "host_target.hpp"
#include "http_response.hpp"
#include "json_body.hpp"
#include "value_write.hpp"

namespace dcvd::api {
namespace {

constexpr std::size_t default_page = 100;
constexpr std::size_t max_page = 1000;
/// DelegationQuery::max_scanned of a list request.
constexpr std::size_t max_scanned = 10'000;

/// The target of params[0] for a write, or the 400/403 already sent.
std::optional<naming::Target> writable_target(const ApiContext& context, Call& call) {
    return writable(call, host_target(context, call.params[0]));
}

/// Refuses a body on routes that take none beyond `{}`; true when refused.
bool refuse_body(Call& call) {
    if (auto body = JsonBody::parse(call.request.body, {}); !body) {
        call.reply.send(error_response(400, "invalid_body", body.error().message));
        return true;
    }
    return false;
}

/// Refuses query parameters other than `allowed`; true when refused.
bool refuse_query(Call& call, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : call.query) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            call.reply.send(error_response(
                400, "invalid_query",
                fmt::format("unknown query parameter '{}': this route takes {}", key,
                            allowed.size() == 0 ? std::string("none")
                                                : fmt::format("{}", fmt::join(allowed, ", ")))));
            return true;
        }
    }
    return false;
}

HttpResponse not_registered(std::string_view host) {
    return error_response(404, "not_found",
                          fmt::format("no delegation is registered for host '{}': register it "
                                      "with PUT /v1/delegations/{}",
                                      host, host));
}

std::variant<DelegationQuery, HttpResponse> list_query(const ApiContext& context,
                                                       const Call& call) {
    DelegationQuery query;
    query.limit = default_page;
    query.max_scanned = max_scanned;
    if (const auto state = find_param(call.query, "state")) {
        auto parsed = parse_state(*state);
        if (!parsed) {
            return error_response(400, "invalid_query", parsed.error().message);
        }
        query.state = *parsed;
    }
    if (const auto after = find_param(call.query, "after"); after && !after->empty()) {
        auto target = host_target(context, *after);
        if (auto* refusal = std::get_if<HttpResponse>(&target)) {
            return std::move(*refusal);
        }
        query.after = std::move(std::get<naming::Target>(target).key);
    }
    if (const auto limit = find_param(call.query, "limit")) {
        std::size_t parsed = 0;
        const auto [end, error] =
            std::from_chars(limit->data(), limit->data() + limit->size(), parsed);
        if (error != std::errc() || end != limit->data() + limit->size() || parsed < 1 ||
            parsed > max_page) {
            return error_response(400, "invalid_query",
                                  fmt::format("limit must be a whole number from 1 to {}, got "
                                              "'{}'",
                                              max_page, *limit));
        }
        query.limit = parsed;
    }
    return query;
}

} // namespace

void put_delegation(const ApiContext& context, Call& call) {
    auto target = writable_target(context, call);
    if (!target || refuse_body(call)) {
        return;
    }
    const std::uint64_t now = base::unix_now();
    store::RegisterTarget op{target->host, target->key, now};
    submit_write(context, call, std::move(op), fmt::format("register host={}", target->host),
                 // The Env and the apex outlive the writer's completions; the Service may not.
                 [&env = context.env, apex = context.options.apex, host = target->host,
                  key = target->key, now](const store::WriteOutcome& outcome) {
                     store::TargetRecord record;
                     if (!outcome.created) {
                         // Registered before: show it as stored (state, times, values).
                         auto stored = store::get_target(env, key);
                         if (!stored) {
                             return error_response(stored.error());
                         }
                         if (*stored) {
                             record = std::move(**stored);
                         }
                     }
                     if (outcome.created || record.host.empty()) {
                         record.host = host;
                         record.created = now;
                         record.state_since = now;
                     }
                     return json_response(outcome.created ? 201 : 200,
                                          delegation_json(record, apex, now));
                 });
}

void get_delegation(const ApiContext& context, Call& call) {
    if (refuse_query(call, {})) {
        return;
    }
    auto target = host_target(context, call.params[0]);
    if (auto* refusal = std::get_if<HttpResponse>(&target)) {
        call.reply.send(std::move(*refusal));
        return;
    }
    const auto& found = std::get<naming::Target>(target);
    auto record = store::get_target(context.env, found.key);
    auto checked = store::get_delegation(context.env, found.key);
    if (!record || !checked) {
        call.reply.send(error_response(!record ? record.error() : checked.error()));
    } else if (!*record) {
        call.reply.send(not_registered(found.host));
    } else {
        auto json = delegation_json(**record, context.options.apex, base::unix_now());
        if (*checked) { // not for acme-dns targets, which are not checked
            json["check"] = check_json((*checked)->status);
        }
        call.reply.send(json_response(200, json));
    }
}

void delete_delegation(const ApiContext& context, Call& call) {
    auto target = writable_target(context, call);
    if (!target || refuse_body(call)) {
        return;
    }
    submit_write(context, call, store::RemoveTarget{target->key},
                 fmt::format("offboard host={}", target->host),
                 [host = target->host](const store::WriteOutcome& outcome) {
                     return json_response(
                         200,
                         {{"host", host}, {"deleted", true}, {"values_removed", outcome.affected}});
                 });
}

void list_delegations(const ApiContext& context, Call& call) {
    if (refuse_query(call, {"state", "after", "limit"})) {
        return;
    }
    auto parsed = list_query(context, call);
    if (auto* refusal = std::get_if<HttpResponse>(&parsed)) {
        call.reply.send(std::move(*refusal));
        return;
    }
    const auto& query = std::get<DelegationQuery>(parsed);
    auto listed = delegation_page(context.env, query);
    if (!listed) {
        call.reply.send(error_response(listed.error()));
        return;
    }
    call.reply.send(
        json_response(200, delegation_page_json(*listed, context.options.apex, base::unix_now())));
}

void add_value(const ApiContext& context, Call& call) {
    auto target = writable_target(context, call);
    if (!target) {
        return;
    }
    auto body = JsonBody::parse(call.request.body, {"value", "ttl", "expires_in", "force"});
    if (!body) {
        call.reply.send(error_response(400, "invalid_body", body.error().message));
        return;
    }
    auto text = body->string("value");
    auto ttl = body->integer("ttl");
    auto expires_in = body->integer("expires_in");
    auto force = body->boolean("force");
    for (const base::Error* error :
         {text ? nullptr : &text.error(), ttl ? nullptr : &ttl.error(),
          expires_in ? nullptr : &expires_in.error(), force ? nullptr : &force.error()}) {
        if (error != nullptr) {
            call.reply.send(error_response(400, "invalid_body", error->message));
            return;
        }
    }
    if (!*text) {
        call.reply.send(error_response(400, "invalid_body",
                                       "the body needs \"value\": the challenge value to serve, "
                                       "e.g. {\"value\": \"...\", \"ttl\": 60}"));
        return;
    }
    auto op = put_value_op(context, *target, ValueRequest{**text, *ttl, *expires_in}, false);
    if (auto* refusal = std::get_if<HttpResponse>(&op)) {
        call.reply.send(std::move(*refusal));
        return;
    }
    auto& put = std::get<store::PutValue>(op);
    put.force = force->value_or(false);
    // A forced write is logged with its token, as every write is, and says it was forced.
    const std::string what =
        fmt::format("add value host={}{}", put.host, put.force ? " force=true" : "");
    submit_write(context, call, put, what, [put](const store::WriteOutcome& outcome) {
        return json_response(outcome.value_added ? 201 : 200, value_json(put));
    });
}

void remove_value(const ApiContext& context, Call& call) {
    auto target = writable_target(context, call);
    if (!target || refuse_body(call)) {
        return;
    }
    std::string text = call.params[1];
    submit_write(context, call, store::RemoveValues{target->key, text},
                 fmt::format("remove value host={}", target->host),
                 [host = target->host, text](const store::WriteOutcome& outcome) {
                     return json_response(
                         200,
                         {{"host", host}, {"value", text}, {"values_removed", outcome.affected}});
                 });
}

void remove_values(const ApiContext& context, Call& call) {
    auto target = writable_target(context, call);
    if (!target || refuse_body(call)) {
        return;
    }
    submit_write(
        context, call, store::RemoveValues{target->key, std::nullopt},
        fmt::format("remove all values host={}", target->host),
        [host = target->host](const store::WriteOutcome& outcome) {
            return json_response(200, {{"host", host}, {"values_removed", outcome.affected}});
        });
}

} // namespace dcvd::api
