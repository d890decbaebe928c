// cli/command.cpp: configuration and store loading shared by the subcommands.
#include "command.hpp"

#include <iostream>

#include "dcvd/base/log.hpp"

namespace dcvd::cli {

void add_config_option(CLI::App& command, std::string& path) {
    command.add_option("-c,--config", path,
                       "TOML configuration file (default: the embedded configuration; "
                       "`dcvd check-config` prints it)");
}

base::Result<config::Config> load_config(const std::string& path, Run run) {
    auto loaded = path.empty() ? config::embedded_default() : config::load_file(path);
    if (!loaded) {
        return loaded;
    }
    // A tool's "store opened" and the like would bury its one line of result; debug and trace
    // still show everything, and warn and above are kept as configured.
    const std::string_view configured = loaded->log.level;
    const std::string_view level =
        run == Run::OneShot && configured == "info" ? std::string_view("warn") : configured;
    if (!base::setup_logging(level)) {
        return base::unexpected(base::ErrorCode::Invalid, "log.level: unknown level");
    }
    return loaded;
}

base::Result<std::unique_ptr<store::Env>> open_store(const config::Config& config,
                                                     store::Env::Mode mode) {
    return store::Env::open(config.store, config.zone.name, mode);
}

base::Result<StoreContext> open_store_context(const std::string& config_path,
                                              store::Env::Mode mode) {
    auto config = load_config(config_path, Run::OneShot);
    if (!config) {
        return base::unexpected(std::move(config).error());
    }
    wire::Name apex;
    if (!wire::Name::from_text(config->zone.name, apex)) {
        return base::unexpected(base::ErrorCode::Invalid, "zone.name: not a domain name");
    }
    auto env = open_store(*config, mode);
    if (!env) {
        return base::unexpected(std::move(env).error());
    }
    return StoreContext{std::move(*config), apex.lowered(), std::move(*env)};
}

base::Result<naming::Target> resolve_host(std::string_view host, const wire::Name& apex) {
    auto normalized = naming::normalize_host(host, apex);
    if (!normalized) {
        return base::unexpected(std::move(normalized).error());
    }
    return naming::target_for(*normalized, apex);
}

base::Result<HostContext> open_host_context(const std::string& config_path, store::Env::Mode mode,
                                            std::string_view host) {
    auto context = open_store_context(config_path, mode);
    if (!context) {
        return base::unexpected(std::move(context).error());
    }
    auto target = resolve_host(host, context->apex);
    if (!target) {
        return base::unexpected(std::move(target).error());
    }
    return HostContext{std::move(*context), std::move(*target)};
}

int fail(const base::Error& error) {
    std::cerr << "dcvd: " << error.message << '\n';
    return error.code == base::ErrorCode::Invalid ? exit_usage : exit_failure;
}

int fail_config(const base::Error& error) {
    std::cerr << "dcvd: configuration error:\n" << error.message << '\n';
    return exit_usage;
}

} // namespace dcvd::cli
