// cli/command.hpp: what every subcommand shares: the --config option, loading the config and the
// store, and turning errors into messages and exit codes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "dcvd/base/result.hpp"
#include "dcvd/config/config.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1; ///< the command ran and failed
inline constexpr int exit_usage = 2;   ///< bad arguments or configuration

/// Where a subcommand leaves its exit code; set by the callback that CLI11 runs.
struct Outcome {
    int exit_code = exit_ok;
};

/// Adds `--config FILE` to `command`; an empty path means the embedded default configuration.
void add_config_option(CLI::App& command, std::string& path);

/// How a command runs, which sets how much it logs.
enum class Run : std::uint8_t {
    Daemon,  ///< `serve`: log.level as configured
    OneShot, ///< the tools: their output is the result, so log.level "info" logs only warnings
};

/// Loads the configuration (file or embedded default) and sets the log level from it.
[[nodiscard]] base::Result<config::Config> load_config(const std::string& path, Run run);

/// Opens the store of `config` for a command-line tool.
[[nodiscard]] base::Result<std::unique_ptr<store::Env>> open_store(const config::Config& config,
                                                                   store::Env::Mode mode);

/// The configuration, its zone apex and its store: what the commands that edit the store use.
struct StoreContext {
    config::Config config;
    wire::Name apex; ///< lower case
    std::unique_ptr<store::Env> env;
};

/// Loads the configuration (as Run::OneShot) and opens its store in `mode`.
[[nodiscard]] base::Result<StoreContext> open_store_context(const std::string& config_path,
                                                            store::Env::Mode mode);

/// `host` as an operator typed it, normalized (naming::normalize_host: IDNA to A-labels, no
/// wildcards, nothing inside the zone) and mapped to its target; Invalid with naming's message.
[[nodiscard]] base::Result<naming::Target> resolve_host(std::string_view host,
                                                        const wire::Name& apex);

/// A StoreContext and the target of the one host a command acts on.
struct HostContext : StoreContext {
    naming::Target target;
};

/// open_store_context, then resolve_host(host): the start of every command on one host.
[[nodiscard]] base::Result<HostContext>
open_host_context(const std::string& config_path, store::Env::Mode mode, std::string_view host);

/// Prints "dcvd: <message>" to stderr and returns the exit code for `error`.
int fail(const base::Error& error);
/// Prints a configuration error and returns exit_usage.
int fail_config(const base::Error& error);

void add_serve_command(CLI::App& app, Outcome& outcome);
void add_check_config_command(CLI::App& app, Outcome& outcome);
void add_txt_commands(CLI::App& app, Outcome& outcome);
void add_token_commands(CLI::App& app, Outcome& outcome);
void add_delegation_commands(CLI::App& app, Outcome& outcome);
/// `dcvd delegation check`, under the `delegation` command.
void add_delegation_check_command(CLI::App& delegation, Outcome& outcome);
void add_export_command(CLI::App& app, Outcome& outcome);
void add_version_command(CLI::App& app, Outcome& outcome);

} // namespace dcvd::cli
