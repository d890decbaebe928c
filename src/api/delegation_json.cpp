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
