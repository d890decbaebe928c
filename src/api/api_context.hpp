// api/api_context.hpp: what every handler reads: the store, the writer, the options, the log;
// and the Call a handler answers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "dcvd/api/http_reply.hpp"
#include "dcvd/api/service.hpp"
#include "dcvd/store/tokens.hpp"
#include "url.hpp"

namespace dcvd::api {

class ResponseCounts;

struct Service::Context {
    store::Env& env;
    store::Writer& writer;
    ServiceOptions options;
    std::shared_ptr<spdlog::logger> log;
    std::unique_ptr<ResponseCounts> responses; ///< for /metrics (metrics_route.hpp)
};
using ApiContext = Service::Context;

/// One request being answered. `reply` is moved into a write's completion when it waits for a
/// commit.
struct Call {
    const HttpRequest& request;
    std::vector<std::string> params; ///< the path's {} segments, decoded, in order
    Params query;
    std::optional<store::TokenRecord> token; ///< the caller, on routes that take a token
    HttpReply reply;

    /// The token's name for the logs, or "-".
    [[nodiscard]] std::string_view caller() const noexcept {
        return token ? std::string_view(token->name) : std::string_view("-");
    }
};

using Handler = void (*)(const ApiContext& context, Call& call);

} // namespace dcvd::api
