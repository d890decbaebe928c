// cli/info_commands.cpp: `dcvd version` and `dcvd check-config`.
#include <iostream>

#include "command.hpp"
#include "dcvd/version.hpp"

namespace dcvd::cli {

void add_version_command(CLI::App& app, Outcome& outcome) {
    auto* command = app.add_subcommand("version", "Print dcvd's version and exit");
    command->callback([&outcome] {
        std::cout << "dcvd " << version << '\n';
        outcome.exit_code = exit_ok;
    });
}

void add_check_config_command(CLI::App& app, Outcome& outcome) {
    auto* command = app.add_subcommand(
        "check-config", "Validate the configuration and print the effective one (every key)");
    auto path = std::make_shared<std::string>();
    add_config_option(*command, *path);
    command->callback([&outcome, path] {
        const auto loaded = load_config(*path, Run::OneShot);
        if (!loaded) {
            outcome.exit_code = fail_config(loaded.error());
            return;
        }
        std::cout << "# effective configuration from " << loaded->source << '\n'
                  << config::to_toml(*loaded);
        outcome.exit_code = exit_ok;
    });
}

} // namespace dcvd::cli
