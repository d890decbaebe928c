// api/delegation_json.cpp: TargetRecord and DelegationPage → JSON.
#include "dcvd/api/delegation_json.hpp"

#include "dcvd/base/clock.hpp"
#include "dcvd/naming/target.hpp"

namespace dcvd::api {

std::string cname_name(std::string_view host) {
    return "_acme-challenge." + std::string(host) + ".";
}

nlohmann::json delegation_json(const store::TargetRecord& record, const wire::Name& apex,
                               std::uint64_t now) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& value : record.values) {
        if (value.expires_at > now) {
            values.push_back({{"value", value.text},
                              {"ttl", value.ttl},
                              {"expires_at", base::format_time(value.expires_at)}});
        }
    }
    const auto target = naming::target_for(record.host, apex);
    return {{"host", record.host},
            {"cname_name", cname_name(record.host)},
            {"cname_target", target ? target->name.to_text() : std::string()},
            {"state", store::to_text(record.state)},
            {"state_since", base::format_time(record.state_since)},
            {"created", base::format_time(record.created)},
            {"values", std::move(values)}};
}

namespace {

nlohmann::json reason_json(store::StaleReason reason) {
    return reason == store::StaleReason::None ? nlohmann::json(nullptr)
                                              : nlohmann::json(store::to_text(reason));
}

nlohmann::json time_json(std::uint64_t at) {
    return at == 0 ? nlohmann::json(nullptr) : nlohmann::json(base::format_time(at));
}

} // namespace

nlohmann::json check_json(const store::DelegationStatus& status) {
    nlohmann::json candidate = nullptr;
    if (const auto& moving = status.candidate) {
        candidate = {{"state", store::to_text(moving->state)},
                     {"reason", reason_json(moving->reason)},
                     {"checks", moving->checks},
                     {"since", time_json(moving->first_at)}};
    }
    nlohmann::json transitions = nlohmann::json::array();
    for (const auto& moved : status.transitions) {
        transitions.push_back({{"from", store::to_text(moved.from)},
                               {"to", store::to_text(moved.to)},
                               {"reason", reason_json(moved.reason)},
                               {"at", base::format_time(moved.at)},
                               {"evidence", moved.evidence}});
    }
    return {
        {"reason", reason_json(status.reason)},       {"last_check", time_json(status.last_check)},
        {"next_check", time_json(status.next_check)}, {"evidence", status.evidence},
        {"candidate", std::move(candidate)},          {"transitions", std::move(transitions)}};
}

nlohmann::json delegation_page_json(const DelegationPage& page, const wire::Name& apex,
                                    std::uint64_t now) {
    nlohmann::json delegations = nlohmann::json::array();
    for (const auto& record : page.delegations) {
        delegations.push_back(delegation_json(record, apex, now));
    }
    return {{"delegations", std::move(delegations)},
            {"next", page.next ? nlohmann::json(*page.next) : nlohmann::json(nullptr)}};
}

} // namespace dcvd::api
