// api/host_target.hpp: a host named by a request, normalized and mapped to its target, or the
// 400 that says what is wrong with it.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "api_context.hpp"
#include "dcvd/naming/target.hpp"

namespace dcvd::api {

[[nodiscard]] std::variant<naming::Target, HttpResponse> host_target(const ApiContext& context,
                                                                     std::string_view host);

/// `target` when it is one the call's token may write; else nullopt, with the 400 (`target`
/// holds it) or the 403 already sent.
[[nodiscard]] std::optional<naming::Target>
writable(Call& call, std::variant<naming::Target, HttpResponse> target);

} // namespace dcvd::api
