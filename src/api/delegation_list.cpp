// api/delegation_list.cpp: paging over the targets database for the API and the CLI.
#include "dcvd/api/delegation_list.hpp"

#include <fmt/format.h>

#include "dcvd/store/reader.hpp"

namespace dcvd::api {

base::Result<DelegationPage> delegation_page(store::Env& env, const DelegationQuery& query) {
    DelegationPage page;
    std::size_t scanned = 0;
    std::string last_host;
    bool more = false;
    auto visited = store::for_each_target(
        env, query.after, 0, [&](std::span<const std::uint8_t>, const store::TargetRecord& record) {
            if ((query.limit != 0 && page.delegations.size() == query.limit) ||
                (query.max_scanned != 0 && scanned == query.max_scanned)) {
                more = true; // there is at least one more record past last_host
                return false;
            }
            ++scanned;
            last_host = record.host;
            if (!query.state || record.state == *query.state) {
                page.delegations.push_back(record);
            }
            return true;
        });
    if (!visited) {
        return base::unexpected(std::move(visited).error());
    }
    if (more) {
        page.next = std::move(last_host);
    }
    return page;
}

base::Result<store::DelegationState> parse_state(std::string_view text) {
    if (const auto state = store::delegation_state_from_text(text)) {
        return *state;
    }
    std::vector<std::string_view> names;
    for (const auto known : store::all_delegation_states) {
        names.push_back(store::to_text(known));
    }
    return base::unexpected(
        base::ErrorCode::Invalid,
        fmt::format("state '{}' is unknown: use one of {}", text, fmt::join(names, ", ")));
}

} // namespace dcvd::api
