// api/committed_write.cpp: the writer's completion turned into the HTTP reply.
#include "committed_write.hpp"

#include "http_response.hpp"

namespace dcvd::api {

void submit_write(const ApiContext& context, Call& call, store::WriteOp op, std::string what,
                  OnCommitted on_committed, OnRefused on_refused) {
    auto done = [log = context.log, caller = std::string(call.caller()), what = std::move(what),
                 reply = std::make_shared<HttpReply>(std::move(call.reply)),
                 on_committed = std::move(on_committed),
                 on_refused = std::move(on_refused)](base::Result<store::WriteOutcome> outcome) {
        if (!outcome) {
            const auto& error = outcome.error();
            if (on_refused) {
                if (auto own = on_refused(error)) {
                    log->info("write token={} {} outcome=\"{}\"", caller, what, error.message);
                    reply->send(std::move(*own));
                    return;
                }
            }
            log->warn("write refused token={} {} reason=\"{}\"", caller, what, error.message);
            reply->send(error_response(error));
            return;
        }
        log->info("write token={} {} changed={} serial={}", caller, what, outcome->changed,
                  outcome->serial);
        try {
            reply->send(on_committed(*outcome));
        } catch (const std::exception& e) {
            // The write is durable; only its description failed (a bug): say so, keep running.
            log->error("answer after a committed write failed token={} {} reason=\"{}\"", caller,
                       what, e.what());
            reply->send(error_response(500, "internal",
                                       "the write is committed but its answer could not be "
                                       "built; read the state back with GET"));
        }
    };
    context.writer.submit(std::move(op), std::move(done));
}

} // namespace dcvd::api
