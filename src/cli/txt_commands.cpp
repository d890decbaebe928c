// cli/txt_commands.cpp: `dcvd txt add|rm|list|import`: the operators' tools for challenge values.
// They open the store directly, beside a running server or without one (LMDB is multi-process);
// unlike the API, they register a host when needed.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/naming/challenge_value.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "text_output.hpp"
#include "txt_import.hpp"

namespace dcvd::cli {
namespace {

struct TxtArgs {
    std::string config_path;
    std::string host;
    std::string value;
    std::optional<std::int64_t> ttl;
    std::optional<std::int64_t> expires_in;
    std::string file;
    bool force = false;
};

int txt_add(const TxtArgs& args) {
    auto context = open_host_context(args.config_path, store::Env::Mode::ReadWrite, args.host);
    if (!context) {
        return fail(context.error());
    }
    const naming::Target& target = context->target;
    const auto& values = context->config.values;
    const std::int64_t ttl = args.ttl.value_or(values.default_ttl);
    const std::int64_t lifetime = args.expires_in.value_or(values.default_expires_in.count());
    base::Result<void> valid = naming::validate_value(args.value);
    if (valid) {
        valid = naming::validate_ttl(ttl, values.max_ttl);
    }
    if (valid) {
        valid = naming::validate_lifetime(lifetime, values.max_expires_in);
    }
    if (!valid) {
        return fail(valid.error());
    }
    const auto now = base::unix_now();
    store::Writer writer(*context->env);
    store::PutValue put{target.host,
                        target.key,
                        args.value,
                        static_cast<std::uint32_t>(ttl),
                        now + static_cast<std::uint64_t>(lifetime),
                        now,
                        values.max_values_per_host,
                        true};
    put.force = args.force;
    auto outcome = writer.submit(std::move(put)).get();
    if (!outcome) {
        return fail(outcome.error());
    }
    std::cout << fmt::format("added \"{}\" at {} ttl={} expires={} serial={}{}\n", args.value,
                             target.name.to_text(), ttl,
                             base::format_time(now + static_cast<std::uint64_t>(lifetime)),
                             outcome->serial, args.force ? " (forced)" : "");
    return exit_ok;
}

int txt_rm(const TxtArgs& args) {
    auto context = open_host_context(args.config_path, store::Env::Mode::ReadWrite, args.host);
    if (!context) {
        return fail(context.error());
    }
    const naming::Target& target = context->target;
    std::optional<std::string> value;
    if (!args.value.empty()) {
        value = args.value;
    }
    store::Writer writer(*context->env);
    auto outcome = writer.submit(store::RemoveValues{target.key, value}).get();
    if (!outcome) {
        return fail(outcome.error());
    }
    std::cout << fmt::format("removed {} value(s) at {} serial={}\n", outcome->affected,
                             target.name.to_text(), outcome->serial);
    return exit_ok;
}

int txt_list(const TxtArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadOnly);
    if (!context) {
        return fail(context.error());
    }
    const auto now = base::unix_now();
    ValueTable table(std::cout, context->apex, now);
    if (!args.host.empty()) {
        auto target = resolve_host(args.host, context->apex);
        if (!target) {
            return fail(target.error());
        }
        auto record = store::get_target(*context->env, target->key);
        if (!record) {
            return fail(record.error());
        }
        if (!*record) {
            return fail(base::Error{base::ErrorCode::NotFound,
                                    fmt::format("{} is not registered", target->host)});
        }
        table.add(**record);
        return exit_ok;
    }
    auto visited = store::for_each_target(
        *context->env, {}, 0,
        [&table](std::span<const std::uint8_t>, const store::TargetRecord& r) {
            table.add(r);
            return true;
        });
    return visited ? exit_ok : fail(visited.error());
}

int txt_import(const TxtArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadWrite);
    if (!context) {
        return fail(context.error());
    }
    const auto& values = context->config.values;
    const std::int64_t lifetime = args.expires_in.value_or(values.default_expires_in.count());
    if (auto valid = naming::validate_lifetime(lifetime, values.max_expires_in); !valid) {
        return fail(valid.error());
    }
    store::Writer writer(*context->env);
    ImportSettings settings{context->apex, values, static_cast<std::uint64_t>(lifetime)};
    auto imported = import_values(args.file, settings, writer);
    if (!imported) {
        return fail(imported.error());
    }
    std::cout << fmt::format("imported {} value(s) in {} transaction(s) serial={}\n",
                             imported->values, imported->batches, imported->serial);
    return exit_ok;
}

void add_lifetime_options(CLI::App& command, TxtArgs& args) {
    command.add_option("--expires-in", args.expires_in,
                       "Seconds until the value is no longer served (default: "
                       "values.default_expires_in)");
}

} // namespace

void add_txt_commands(CLI::App& app, Outcome& outcome) {
    auto* txt = app.add_subcommand("txt", "Manage challenge values in the store directly");
    txt->require_subcommand(1);
    auto args = std::make_shared<TxtArgs>();

    // CLI11 reads an argument starting with '-' as an option, and 1 in 64 ACME digests starts
    // with one: such values go after "--", which ends the options. Without it a value "-h..."
    // would print the help and exit 0 having published nothing, so add and rm take only --help.
    auto* add = txt->add_subcommand("add", "Publish VALUE at HOST's target (registers HOST)");
    add->set_help_flag("--help", "Print this help message and exit");
    add->footer("A VALUE starting with '-' goes after '--', options before it:\n"
                "  dcvd txt add --ttl 60 -- www.example.com -Zx3...");
    add_config_option(*add, args->config_path);
    add->add_option("HOST", args->host, "Customer hostname, e.g. www.example.com")->required();
    add->add_option("VALUE", args->value, "The TXT value (DNS-01 digest)")->required();
    add->add_option("--ttl", args->ttl, "TTL in seconds (default: values.default_ttl)");
    add->add_flag("--force", args->force,
                  "Write even though the delegation is stale, and serve its values again until a "
                  "check confirms it stale anew");
    add_lifetime_options(*add, *args);
    add->callback([&outcome, args] { outcome.exit_code = txt_add(*args); });

    auto* rm = txt->add_subcommand("rm", "Remove VALUE, or every value, at HOST's target");
    rm->set_help_flag("--help", "Print this help message and exit");
    rm->footer("A VALUE starting with '-' goes after '--': dcvd txt rm -- www.example.com -Zx3...");
    add_config_option(*rm, args->config_path);
    rm->add_option("HOST", args->host, "Customer hostname")->required();
    rm->add_option("VALUE", args->value, "The value to remove (default: all of them)");
    rm->callback([&outcome, args] { outcome.exit_code = txt_rm(*args); });

    auto* list = txt->add_subcommand("list", "List stored values, of HOST or of every host");
    add_config_option(*list, args->config_path);
    list->add_option("HOST", args->host, "Customer hostname (default: every host)");
    list->callback([&outcome, args] { outcome.exit_code = txt_list(*args); });

    // Not "import": clang-format 14 takes a C++20 import declaration and mangles the lines.
    auto* import_command = txt->add_subcommand(
        "import", "Load values from FILE ('-' for stdin): lines HOST<TAB>VALUE[<TAB>TTL]; "
                  "blank lines and lines starting with '#' are skipped. Every line is checked "
                  "before any is written; a bad one writes nothing");
    add_config_option(*import_command, args->config_path);
    import_command->add_option("FILE", args->file, "Input file, or - for standard input")
        ->required();
    add_lifetime_options(*import_command, *args);
    import_command->callback([&outcome, args] { outcome.exit_code = txt_import(*args); });
}

} // namespace dcvd::cli
