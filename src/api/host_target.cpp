// api/host_target.cpp: naming's rules at the API's edge.
#include "host_target.hpp"

#include "auth.hpp"
#include "http_response.hpp"

namespace dcvd::api {

std::variant<naming::Target, HttpResponse> host_target(const ApiContext& context,
                                                       std::string_view host) {
    auto normalized = naming::normalize_host(host, context.options.apex);
    if (!normalized) {
        return error_response(400, "invalid_host", normalized.error().message);
    }
    auto target = naming::target_for(*normalized, context.options.apex);
    if (!target) {
        return error_response(400, "invalid_host", target.error().message);
    }
    return std::move(*target);
}

std::optional<naming::Target> writable(Call& call,
                                       std::variant<naming::Target, HttpResponse> target) {
    if (auto* refusal = std::get_if<HttpResponse>(&target)) {
        call.reply.send(std::move(*refusal));
        return std::nullopt;
    }
    auto& found = std::get<naming::Target>(target);
    if (auto refusal = refuse_host(call, found.host)) {
        call.reply.send(std::move(*refusal));
        return std::nullopt;
    }
    return std::move(found);
}

} // namespace dcvd::api
