// api/lego_routes.cpp: lego names the record it wants by its owner: "_acme-challenge.<host>."
// or, since lego follows CNAMEs before calling the provider, already our target (for a host not
// yet registered too: the customer may publish the CNAME before the first order).
#include "lego_routes.hpp"

#include <fmt/format.h>

#include "committed_write.hpp"
#include "dcvd/crypto/base64url.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "dcvd/store/reader.hpp"
#include "host_target.hpp"
#include "http_response.hpp"
#include "json_body.hpp"
#include "value_write.hpp"

namespace dcvd::api {
namespace {

constexpr std::string_view challenge_label = "_acme-challenge.";

struct LegoRequest {
    std::string owner; ///< fqdn or, in RAW mode, the domain being validated
    std::string value;
};

/// The owner and value of either body form, or the 400.
std::variant<LegoRequest, HttpResponse> lego_request(const HttpRequest& request) {
    auto body = JsonBody::parse(request.body, {"fqdn", "value", "domain", "token", "keyAuth"});
    if (!body) {
        return error_response(400, "invalid_body", body.error().message);
    }
    auto fqdn = body->string("fqdn");
    auto value = body->string("value");
    auto domain = body->string("domain");
    auto key_auth = body->string("keyAuth");
    for (const auto* field : {&fqdn, &value, &domain, &key_auth}) {
        if (!*field) {
            return error_response(400, "invalid_body", field->error().message);
        }
    }
    if (*fqdn && *value) {
        return LegoRequest{**fqdn, **value};
    }
    if (*domain && *key_auth) {
        // RAW mode: the TXT value is base64url(SHA-256(key authorization)) (RFC 8555 §8.4);
        // a wildcard's value goes to its parent's name.
        std::string_view host = **domain;
        if (host.starts_with("*.")) {
            host.remove_prefix(2);
        }
        return LegoRequest{std::string(challenge_label) + std::string(host),
                           crypto::base64url(crypto::sha256(**key_auth))};
    }
    return error_response(400, "invalid_body",
                          "the body needs {\"fqdn\", \"value\"} (lego httpreq) or {\"domain\", "
                          "\"token\", \"keyAuth\"} (lego httpreq RAW mode)");
}

/// The target `owner` names, or the 400/404.
std::variant<naming::Target, HttpResponse> owner_target(const ApiContext& context,
                                                        std::string_view owner) {
    wire::Name name;
    if (!wire::Name::from_text(owner, name)) {
        return error_response(400, "invalid_host",
                              fmt::format("fqdn '{}' is not a domain name", owner));
    }
    const wire::Name& apex = context.options.apex;
    if (name.is_subdomain_of(apex)) {
        // Already our target: which host it stands for is in the store (hashed labels too).
        wire::KeyBuffer key{};
        const std::size_t size = wire::relative_key(name.wire(), apex.label_count(), key);
        auto record = size == wire::invalid_key
                          ? base::Result<std::optional<store::TargetRecord>>(std::nullopt)
                          : store::get_target(context.env, std::span(key.data(), size));
        if (!record) {
            return error_response(record.error());
        }
        if (*record) {
            return host_target(context, (*record)->host);
        }
        // Not registered yet: "<host>.<zone>" names its host; a hashed label names none.
        const std::string text = name.lowered().to_text();
        const std::string_view host =
            std::string_view(text).substr(0, text.size() - apex.lowered().to_text().size() - 1);
        if (host.find('.') == std::string_view::npos) {
            return error_response(404, "not_found",
                                  fmt::format("'{}' is in the validation zone but is no "
                                              "delegation's target: send "
                                              "_acme-challenge.<host>. or register the host",
                                              owner));
        }
        return host_target(context, host);
    }
    std::string lowered = name.lowered().to_text();
    if (!lowered.starts_with(challenge_label)) {
        return error_response(400, "invalid_host",
                              fmt::format("fqdn '{}' must be _acme-challenge.<host>. or a target "
                                          "in {}",
                                          owner, apex.to_text()));
    }
    return host_target(context, std::string_view(lowered).substr(challenge_label.size()));
}

/// The request's target after the host check, or nullopt with the refusal already sent.
std::optional<std::pair<naming::Target, std::string>> lego_target(const ApiContext& context,
                                                                  Call& call) {
    auto request = lego_request(call.request);
    if (auto* refusal = std::get_if<HttpResponse>(&request)) {
        call.reply.send(std::move(*refusal));
        return std::nullopt;
    }
    auto& parsed = std::get<LegoRequest>(request);
    auto target = writable(call, owner_target(context, parsed.owner));
    if (!target) {
        return std::nullopt;
    }
    return std::pair{std::move(*target), std::move(parsed.value)};
}

} // namespace

void lego_present(const ApiContext& context, Call& call) {
    auto request = lego_target(context, call);
    if (!request) {
        return;
    }
    auto op = put_value_op(context, request->first, ValueRequest{request->second, {}, {}}, true);
    if (auto* refusal = std::get_if<HttpResponse>(&op)) {
        call.reply.send(std::move(*refusal));
        return;
    }
    auto& put = std::get<store::PutValue>(op);
    const std::string what = fmt::format("lego present host={}", put.host);
    submit_write(context, call, put, what,
                 [put](const store::WriteOutcome&) { return json_response(200, value_json(put)); });
}

void lego_cleanup(const ApiContext& context, Call& call) {
    auto request = lego_target(context, call);
    if (!request) {
        return;
    }
    auto& [target, value] = *request;
    submit_write(
        context, call, store::RemoveValues{target.key, value},
        fmt::format("lego cleanup host={}", target.host),
        [host = target.host](const store::WriteOutcome& outcome) {
            return json_response(200, {{"host", host}, {"values_removed", outcome.affected}});
        },
        // Cleanup is idempotent: a value (or host) already gone is what was asked for.
        [host = target.host](const base::Error& error) -> std::optional<HttpResponse> {
            if (error.code != base::ErrorCode::NotFound) {
                return std::nullopt;
            }
            return json_response(200, {{"host", host}, {"values_removed", 0}});
        });
}

} // namespace dcvd::api
