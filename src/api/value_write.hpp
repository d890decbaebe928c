// api/value_write.hpp: a challenge value from a request, checked against the configured limits
// and turned into the store's PutValue; shared by the native, lego and acme-dns routes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "api_context.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/write_ops.hpp"

namespace dcvd::api {

struct ValueRequest {
    std::string text;
    std::optional<std::int64_t> ttl;        ///< default: values.default_ttl
    std::optional<std::int64_t> expires_in; ///< seconds; default: values.default_expires_in
};

/// The PutValue for `request` at `target`, or the 400 naming the bound it breaks.
[[nodiscard]] std::variant<store::PutValue, HttpResponse> put_value_op(const ApiContext& context,
                                                                       const naming::Target& target,
                                                                       const ValueRequest& request,
                                                                       bool register_if_missing);

/// {"host", "value", "ttl", "expires_at"} of a committed PutValue.
[[nodiscard]] nlohmann::json value_json(const store::PutValue& op);

} // namespace dcvd::api
