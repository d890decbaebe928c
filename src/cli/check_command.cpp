// cli/check_command.cpp: `dcvd delegation check HOST`: checks one delegation now, as the
// running server's checker would (same configuration, same rules), records the result in the
// store and prints it. Beside a running server both may record a check of the same host; each
// record is whole, the later one stays.
#include <future>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/api/delegation_json.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/checker/checker.hpp"
#include "dcvd/store/reader.hpp"
#include "text_output.hpp"

namespace dcvd::cli {
namespace {

struct CheckArgs {
    std::string config_path;
    std::string host;
    bool json = false;
};

int delegation_check(const CheckArgs& args) {
    auto context = open_host_context(args.config_path, store::Env::Mode::ReadWrite, args.host);
    if (!context) {
        return fail(context.error());
    }
    const auto& config = context->config;
    store::Writer writer(*context->env);
    auto checker =
        checker::Checker::start(config.checker, config.edge, config.webhooks, context->apex,
                                *context->env, writer, checker::Checker::Mode::OnDemand);
    if (!checker) {
        return fail(checker.error());
    }
    std::promise<base::Result<checker::RecordedCheck>> answered;
    (*checker)->check_now(context->target.key,
                          [&answered](auto checked) { answered.set_value(std::move(checked)); });
    auto checked = answered.get_future().get();
    checker->reset();
    if (!checked) {
        if (checked.error().code == base::ErrorCode::NotFound) {
            return fail(base::Error{base::ErrorCode::NotFound,
                                    fmt::format("no delegation is registered for host '{}': "
                                                "register it with `dcvd delegation add {}`",
                                                context->target.host, context->target.host)});
        }
        return fail(checked.error());
    }
    const auto& status = checked->delegation.status;
    if (args.json) {
        auto record = store::get_target(*context->env, context->target.key);
        if (!record || !*record) {
            return fail(record ? base::Error{base::ErrorCode::NotFound, "the host was removed"}
                               : record.error());
        }
        auto json = api::delegation_json(**record, context->apex, base::unix_now());
        json["check"] = api::check_json(status);
        std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return exit_ok;
    }
    std::cout << fmt::format("host\t{}\nstate\t{}\nstate_since\t{}\n", checked->delegation.host,
                             store::to_text(status.state), base::format_time(status.since));
    if (const auto& moved = checked->moved) {
        std::cout << fmt::format("moved\t{} -> {}\n", store::to_text(moved->from),
                                 store::to_text(moved->to));
    }
    print_check(std::cout, status);
    return exit_ok;
}

} // namespace

void add_delegation_check_command(CLI::App& delegation, Outcome& outcome) {
    auto args = std::make_shared<CheckArgs>();
    auto* check = delegation.add_subcommand(
        "check", "Check HOST's delegation now: ask DNS for its _acme-challenge CNAME and where the "
                 "host points, apply the state rules, record and print the result");
    add_config_option(*check, args->config_path);
    check->add_option("HOST", args->host, "Customer hostname")->required();
    check->add_flag("--json", args->json,
                    "Print the JSON object POST /v1/delegations/{host}/check returns");
    check->callback([&outcome, args] { outcome.exit_code = delegation_check(*args); });
}

} // namespace dcvd::cli
