// checker/webhook_payload.cpp: a transition as JSON (nlohmann's ordered_json keeps the keys in
// the documented order, which a human reading a receiver's log will thank us for).
#include "dcvd/checker/webhook_payload.hpp"

#include <nlohmann/json.hpp>

#include "dcvd/base/clock.hpp"
#include "dcvd/store/target_record.hpp"

namespace dcvd::checker {

std::string transition_payload(std::string_view host, const store::Transition& transition) {
    nlohmann::ordered_json body;
    body["host"] = host;
    body["from"] = store::to_text(transition.from);
    body["to"] = store::to_text(transition.to);
    if (transition.reason == store::StaleReason::None) {
        body["reason"] = nullptr;
    } else {
        body["reason"] = store::to_text(transition.reason);
    }
    body["evidence"] = transition.evidence;
    body["time"] = base::format_time(transition.at);
    body["at"] = transition.at;
    return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace dcvd::checker
