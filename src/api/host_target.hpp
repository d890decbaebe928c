// api/host_target.hpp: a host named by a request, normalized and mapped to its target, or the
// 400 that says what is wrong with it.
#pragma once

#include <string_view>
#include <variant>

#include "api_context.hpp"
#include "dcvd/naming/target.hpp"

namespace dcvd::api {

[[nodiscard]] std::variant<naming::Target, HttpResponse> host_target(const ApiContext& context,
                                                                     std::string_view host);

} // namespace dcvd::api
