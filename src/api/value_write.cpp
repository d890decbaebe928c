// api/value_write.cpp: value, TTL and lifetime bounds (naming/challenge_value.hpp) at the API.
#include "value_write.hpp"

#include "dcvd/base/clock.hpp"
#include "dcvd/naming/challenge_value.hpp"
#include "http_response.hpp"

namespace dcvd::api {

std::variant<store::PutValue, HttpResponse> put_value_op(const ApiContext& context,
                                                         const naming::Target& target,
                                                         const ValueRequest& request,
                                                         bool register_if_missing) {
    const auto& limits = context.options.values;
    if (auto checked = naming::validate_value(request.text); !checked) {
        return error_response(400, "invalid_value", checked.error().message);
    }
    const std::int64_t ttl = request.ttl.value_or(limits.default_ttl);
    if (auto checked = naming::validate_ttl(ttl, limits.max_ttl); !checked) {
        return error_response(400, "invalid_ttl", checked.error().message);
    }
    const std::int64_t lifetime = request.expires_in.value_or(limits.default_expires_in.count());
    if (auto checked = naming::validate_lifetime(lifetime, limits.max_expires_in); !checked) {
        return error_response(400, "invalid_expires_in", checked.error().message);
    }
    store::PutValue op;
    op.host = target.host;
    op.key = target.key;
    op.text = request.text;
    op.ttl = static_cast<std::uint32_t>(ttl);
    op.now = base::unix_now();
    op.expires_at = op.now + static_cast<std::uint64_t>(lifetime);
    op.max_values = limits.max_values_per_host;
    op.register_if_missing = register_if_missing;
    return op;
}

nlohmann::json value_json(const store::PutValue& op) {
    return {{"host", op.host},
            {"value", op.text},
            {"ttl", op.ttl},
            {"expires_at", base::format_time(op.expires_at)}};
}

} // namespace dcvd::api
