// cli/token_commands.cpp: `dcvd token create|list|revoke`: API tokens in the store. Only a
// token's SHA-256 is stored; `create` shows the token once. Like the txt tools they open the
// store directly, beside a running server or without one.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/crypto/base64url.hpp"
#include "dcvd/crypto/random.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/tokens.hpp"
#include "text_output.hpp"

namespace dcvd::cli {
namespace {

/// "dcvd_" then base64url of this many random octets: 256 bits, 43 symbols.
constexpr std::size_t token_secret_bytes = 32;
constexpr std::string_view token_prefix = "dcvd_";

struct TokenArgs {
    std::string config_path;
    std::string name;
    std::string scope;
    std::vector<std::string> hosts;
};

base::Result<std::string> new_token_text() {
    auto secret = crypto::random_bytes(token_secret_bytes);
    if (!secret) {
        return base::unexpected(std::move(secret).error());
    }
    return std::string(token_prefix) + crypto::base64url(*secret);
}

// Normalized, in the order given, without repeats.
base::Result<std::vector<std::string>> normalize_hosts(const std::vector<std::string>& hosts,
                                                       const wire::Name& apex) {
    std::vector<std::string> normalized;
    for (const std::string& host : hosts) {
        auto one = naming::normalize_host(host, apex);
        if (!one) {
            return base::unexpected(base::ErrorCode::Invalid,
                                    fmt::format("--hosts: {}", one.error().message));
        }
        if (std::ranges::find(normalized, *one) == normalized.end()) {
            normalized.push_back(std::move(*one));
        }
    }
    return normalized;
}

std::string hosts_text(const store::TokenRecord& token) {
    return token.host_suffixes.empty() ? std::string("*")
                                       : fmt::format("{}", fmt::join(token.host_suffixes, ","));
}

int token_create(const TokenArgs& args) {
    const auto scope = store::token_scope_from_text(args.scope);
    if (!scope) {
        return fail(
            base::make_error(base::ErrorCode::Invalid,
                             fmt::format("--scope '{}': use read, write or admin", args.scope)));
    }
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadWrite);
    if (!context) {
        return fail(context.error());
    }
    auto hosts = normalize_hosts(args.hosts, context->apex);
    if (!hosts) {
        return fail(hosts.error());
    }
    auto text = new_token_text();
    if (!text) {
        return fail(text.error());
    }
    store::TokenRecord token;
    token.name = args.name;
    token.scope = *scope;
    token.host_suffixes = std::move(*hosts);
    token.created = base::unix_now();
    token.hash = crypto::sha256(*text);
    if (auto added = store::add_token(*context->env, token); !added) {
        return fail(added.error());
    }
    // The token alone on the first line, for `TOKEN=$(dcvd token create ... | head -1)`.
    std::cout << *text << '\n' << std::flush;
    std::cerr << fmt::format("dcvd: created token '{}' scope={} hosts={}; it is shown only this "
                             "once (dcvd keeps only its SHA-256): store it now\n",
                             token.name, store::to_text(token.scope), hosts_text(token));
    return exit_ok;
}

int token_list(const TokenArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadOnly);
    if (!context) {
        return fail(context.error());
    }
    const auto tokens = store::list_tokens(*context->env);
    if (!tokens) {
        return fail(tokens.error());
    }
    if (!tokens->empty()) {
        std::cout << "# name\tscope\thosts\tcreated\n";
    }
    for (const auto& token : *tokens) {
        std::cout << fmt::format("{}\t{}\t{}\t{}\n", token.name, store::to_text(token.scope),
                                 hosts_text(token), base::format_time(token.created));
    }
    return exit_ok;
}

int token_revoke(const TokenArgs& args) {
    auto context = open_store_context(args.config_path, store::Env::Mode::ReadWrite);
    if (!context) {
        return fail(context.error());
    }
    if (auto revoked = store::revoke_token(*context->env, args.name); !revoked) {
        return fail(revoked.error());
    }
    std::cout << fmt::format("revoked token '{}'\n", args.name);
    return exit_ok;
}

} // namespace

void add_token_commands(CLI::App& app, Outcome& outcome) {
    auto* token = app.add_subcommand("token", "Manage the HTTP API's tokens in the store directly");
    token->require_subcommand(1);
    auto args = std::make_shared<TokenArgs>();

    auto* create = token->add_subcommand(
        "create", "Make a token called NAME and print it, once, alone on the first line of "
                  "standard output (only its SHA-256 is stored)");
    add_config_option(*create, args->config_path);
    create->add_option("NAME", args->name, "Unique label: 1 to 64 of A-Z a-z 0-9 . _ -")
        ->required();
    create
        ->add_option("--scope", args->scope,
                     "read, write (values and delegations of its hosts) or admin")
        ->required();
    create
        ->add_option("--hosts", args->hosts,
                     "Hosts the token may write, each with every host below it; repeat or separate "
                     "with commas (default: all hosts)")
        ->delimiter(',');
    create->callback([&outcome, args] { outcome.exit_code = token_create(*args); });

    auto* list = token->add_subcommand(
        "list", "List tokens: name, scope, hosts ('*': all) and creation time (UTC); never the "
                "token itself");
    add_config_option(*list, args->config_path);
    list->callback([&outcome, args] { outcome.exit_code = token_list(*args); });

    auto* revoke = token->add_subcommand("revoke", "Delete the token called NAME");
    add_config_option(*revoke, args->config_path);
    revoke->add_option("NAME", args->name, "The token's name")->required();
    revoke->callback([&outcome, args] { outcome.exit_code = token_revoke(*args); });
}

} // namespace dcvd::cli
