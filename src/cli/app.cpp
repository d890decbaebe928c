// cli/app.cpp: the top-level CLI11 application; each subcommand lives in its own file.
#include "dcvd/cli/app.hpp"

#include <exception>
#include <iostream>

#include "command.hpp"

namespace dcvd::cli {

int run(int argc, char** argv) {
    CLI::App app{"dcvd: authoritative DNS for ACME DNS-01 delegation (validation zones)"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Print help for every subcommand and exit");

    Outcome outcome;
    add_serve_command(app, outcome);
    add_check_config_command(app, outcome);
    add_txt_commands(app, outcome);
    add_token_commands(app, outcome);
    add_export_command(app, outcome);
    add_version_command(app, outcome);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    } catch (const std::exception& e) {
        // Broken environment or invariant (corrupt LMDB, out of memory): STYLE.md §4.
        std::cerr << "dcvd: fatal: " << e.what() << '\n';
        return exit_failure;
    }
    return outcome.exit_code;
}

} // namespace dcvd::cli
