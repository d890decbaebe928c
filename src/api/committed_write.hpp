// api/committed_write.hpp: a write handed to the store's writer and answered from its thread
// once durable (or refused), logged with the caller's token.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api_context.hpp"
#include "dcvd/store/write_ops.hpp"

namespace dcvd::api {

/// The response to a committed write; runs on the writer thread, so it must not block.
using OnCommitted = std::function<HttpResponse(const store::WriteOutcome& outcome)>;

/// A response of its own for a refusal (cleanup of a value already gone is done, say), or
/// nullopt for the usual mapping of the error's code.
using OnRefused = std::function<std::optional<HttpResponse>(const base::Error& error)>;

/// Submits `op`; `what` describes it for the log ("add value host=www.example.com").
void submit_write(const ApiContext& context, Call& call, store::WriteOp op, std::string what,
                  OnCommitted on_committed, OnRefused on_refused = {});

} // namespace dcvd::api
