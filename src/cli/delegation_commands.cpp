// cli/delegation_commands.cpp: `dcvd delegation add|show|list|rm`: the API's delegation routes
// (DESIGN.md §5) for operators. Like the txt tools they open the store directly, beside a running
// server or without one (LMDB is multi-process); show and list print what the API returns.
#include <algorithm>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/api/delegation_json.hpp"
#include "dcvd/api/delegation_list.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/store/delegation_reader.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "text_output.hpp"

namespace dcvd::cli {
namespace {

struct DelegationArgs {
    std::string config_path;
    std::vector<std::string> hosts;
    std::string host;
    std::string state;
    std::string after;
    std::size_t limit = 0; ///< 0: every delegation
    bool json = false;
    bool yes = false;
};

base::Error not_registered(std::string_view host) {
    return base::Error{base::ErrorCode::NotFound,
                       fmt::format("no delegation is registered for host '{}': register it with "
                                   "`dcvd delegation add {}`",
                                   host, host)};
}

std::size_t served_values(const store::TargetRecord& record, std::uint64_t now) {
    return static_cast<std::size_t>(std::ranges::count_if(
        record.values, [now](const store::ChallengeValue& v) { return v.expires_at > now; }));
}

std::string dump(const nlohmann::json& json) {
    // As the API does: never an exception on bytes that are not UTF-8.
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The targets of `hosts`, normalized, in the order given, without repeats; the first refusal.
base::Result<std::vector<naming::Target>> resolve_hosts(const std::vector<std::string>& hosts,
                                                        const wire::Name& apex) {
    std::vector<naming::Target> targets;
    for (const std::string& host : hosts) {
        auto target = resolve_host(host, apex);
        if (!target) {
            return base::unexpected(std::move(target).error());
        }
        if (std::ranges::none_of(targets, [&](const auto& t) { return t.host == target->host; })) {
            targets.push_back(std::move(*target));
        }
    }
    return targets;
}

int delegation_add(const DelegationArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadWrite);
    if (!context) {
        return fail(context.error());
    }
    // Every host is checked before any is written: a typo registers none of them.
    auto targets = resolve_hosts(args.hosts, context->apex);
    if (!targets) {
        return fail(targets.error());
    }
    const std::uint64_t now = base::unix_now();
    store::Writer writer(*context->env);
    // Submitted together, so the writer commits them in one group.
    std::vector<std::future<base::Result<store::WriteOutcome>>> writes;
    for (const auto& target : *targets) {
        writes.push_back(writer.submit(store::RegisterTarget{target.host, target.key, now}));
    }
    int exit_code = exit_ok;
    std::cout << "# host\tstate\tcname\tresult\n";
    for (std::size_t i = 0; i < targets->size(); ++i) {
        const auto& target = (*targets)[i];
        auto outcome = writes[i].get();
        if (!outcome) {
            exit_code = fail(outcome.error());
            continue;
        }
        auto state = store::DelegationState::Pending;
        if (!outcome->created) {
            auto stored = store::get_target(*context->env, target.key);
            if (!stored) {
                exit_code = fail(stored.error());
                continue;
            }
            if (*stored) {
                state = (*stored)->state;
            }
        }
        std::cout << fmt::format("{}\t{}\t{} CNAME {}\t{}\n", target.host, store::to_text(state),
                                 api::cname_name(target.host), target.name.to_text(),
                                 outcome->created ? "registered" : "already registered");
    }
    return exit_code;
}

int delegation_show(const DelegationArgs& args) {
    auto context = open_host_context(args.config_path, store::Env::Mode::ReadOnly, args.host);
    if (!context) {
        return fail(context.error());
    }
    const naming::Target& target = context->target;
    auto record = store::get_target(*context->env, target.key);
    if (!record) {
        return fail(record.error());
    }
    if (!*record) {
        return fail(not_registered(target.host));
    }
    auto checked = store::get_delegation(*context->env, target.key);
    if (!checked) {
        return fail(checked.error());
    }
    const std::uint64_t now = base::unix_now();
    const auto& found = **record;
    if (args.json) {
        auto json = api::delegation_json(found, context->apex, now);
        if (*checked) {
            json["check"] = api::check_json((*checked)->status);
        }
        std::cout << dump(json) << '\n';
        return exit_ok;
    }
    std::cout << fmt::format("host\t{}\ncname_name\t{}\ncname_target\t{}\nstate\t{}\n"
                             "state_since\t{}\ncreated\t{}\nvalues\t{}\n",
                             found.host, api::cname_name(found.host), target.name.to_text(),
                             store::to_text(found.state), base::format_time(found.state_since),
                             base::format_time(found.created), served_values(found, now));
    if (*checked) {
        print_check(std::cout, (*checked)->status);
    }
    if (served_values(found, now) > 0) {
        std::cout << "# value\tttl\texpires\n";
    }
    for (const auto& value : found.values) {
        if (value.expires_at > now) {
            std::cout << fmt::format("{}\t{}\t{}\n", value.text, value.ttl,
                                     base::format_time(value.expires_at));
        }
    }
    return exit_ok;
}

int delegation_list(const DelegationArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadOnly);
    if (!context) {
        return fail(context.error());
    }
    api::DelegationQuery query;
    query.limit = args.limit;
    if (!args.state.empty()) {
        auto state = api::parse_state(args.state);
        if (!state) {
            return fail(base::Error{base::ErrorCode::Invalid,
                                    fmt::format("--state: {}", state.error().message)});
        }
        query.state = *state;
    }
    if (!args.after.empty()) {
        auto after = resolve_host(args.after, context->apex);
        if (!after) {
            return fail(base::Error{base::ErrorCode::Invalid,
                                    fmt::format("--after: {}", after.error().message)});
        }
        query.after = std::move(after->key);
    }
    auto page = api::delegation_page(*context->env, query);
    if (!page) {
        return fail(page.error());
    }
    const std::uint64_t now = base::unix_now();
    if (args.json) {
        std::cout << dump(api::delegation_page_json(*page, context->apex, now)) << '\n';
        return exit_ok;
    }
    std::cout << "# host\tstate\tsince\tvalues\ttarget\n";
    for (const auto& record : page->delegations) {
        const auto target = naming::target_for(record.host, context->apex);
        std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\n", record.host, store::to_text(record.state),
                                 base::format_time(record.state_since), served_values(record, now),
                                 target ? target->name.to_text() : std::string("(invalid host)"));
    }
    if (page->next) {
        // What to pass as --after for the next page; '#' keeps it out of `grep -v '^#'`.
        std::cout << fmt::format("# next\t{}\n", *page->next);
    }
    return exit_ok;
}

int delegation_rm(const DelegationArgs& args) {
    auto context = open_host_context(args.config_path, store::Env::Mode::ReadWrite, args.host);
    if (!context) {
        return fail(context.error());
    }
    const naming::Target& target = context->target;
    if (!args.yes) {
        // Offboarding by mistake stops the customer's issuance: say what would go, change nothing.
        auto record = store::get_target(*context->env, target.key);
        if (!record) {
            return fail(record.error());
        }
        if (!*record) {
            return fail(not_registered(target.host));
        }
        const auto& found = **record;
        std::cerr << fmt::format(
            "dcvd: not removing the delegation of {} (state {}) without --yes: its {} challenge "
            "value(s) would be deleted and {} would answer NXDOMAIN, so no certificate for {} "
            "could be validated through {} any more. Run again with --yes to offboard it.\n",
            found.host, store::to_text(found.state), served_values(found, base::unix_now()),
            target.name.to_text(), found.host, api::cname_name(found.host));
        return exit_usage;
    }
    store::Writer writer(*context->env);
    auto outcome = writer.submit(store::RemoveTarget{target.key}).get();
    if (!outcome) {
        return fail(outcome.error().code == base::ErrorCode::NotFound ? not_registered(target.host)
                                                                      : outcome.error());
    }
    std::cout << fmt::format("removed the delegation of {} and {} value(s); {} now answers "
                             "NXDOMAIN serial={}\n",
                             target.host, outcome->affected, target.name.to_text(),
                             outcome->serial);
    return exit_ok;
}

} // namespace

void add_delegation_commands(CLI::App& app, Outcome& outcome) {
    auto* delegation = app.add_subcommand(
        "delegation", "Register, show, list and offboard delegations in the store directly");
    delegation->require_subcommand(1);
    auto args = std::make_shared<DelegationArgs>();

    auto* add = delegation->add_subcommand(
        "add", "Register each HOST (idempotent) and print the CNAME its owner must publish: "
               "_acme-challenge.<host>. CNAME <target>");
    add_config_option(*add, args->config_path);
    add->add_option("HOST", args->hosts,
                    "Customer hostnames, e.g. www.example.com; IDNA names become A-labels; for "
                    "a wildcard register its parent")
        ->required();
    add->callback([&outcome, args] { outcome.exit_code = delegation_add(*args); });

    auto* show = delegation->add_subcommand(
        "show", "Show HOST's delegation: CNAME, state, times and the values served now");
    add_config_option(*show, args->config_path);
    show->add_option("HOST", args->host, "Customer hostname")->required();
    show->add_flag("--json", args->json,
                   "Print the JSON object GET /v1/delegations/{host} returns");
    show->callback([&outcome, args] { outcome.exit_code = delegation_show(*args); });

    auto* list = delegation->add_subcommand(
        "list", "List delegations in canonical order: host, state, since, values served, target");
    add_config_option(*list, args->config_path);
    list->add_option("--state", args->state,
                     "Only this state: pending, delegated, active, stale or misdelegated");
    list->add_option("--after", args->after,
                     "Start after this host (the '# next' line of a --limit page)");
    list->add_option("--limit", args->limit,
                     "Print at most N delegations, then a '# next<TAB>HOST' line when more "
                     "follow (default: all)")
        ->check(CLI::PositiveNumber);
    list->add_flag("--json", args->json,
                   "Print the JSON page GET /v1/delegations returns: {\"delegations\": [...], "
                   "\"next\": HOST or null}");
    list->callback([&outcome, args] { outcome.exit_code = delegation_list(*args); });

    auto* rm = delegation->add_subcommand(
        "rm", "Offboard HOST: delete its delegation and values; its target answers NXDOMAIN and "
              "its certificates can no longer be validated");
    add_config_option(*rm, args->config_path);
    rm->add_option("HOST", args->host, "Customer hostname")->required();
    rm->add_flag("--yes", args->yes,
                 "Really remove it; without --yes nothing changes and dcvd says what would go");
    rm->callback([&outcome, args] { outcome.exit_code = delegation_rm(*args); });

    add_delegation_check_command(*delegation, outcome);
}

} // namespace dcvd::cli
