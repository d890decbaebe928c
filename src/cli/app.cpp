// cli/app.cpp: the top-level CLI11 application; each subcommand lives in its own file.
#include "dcvd/cli/app.hpp"

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>

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
    add_delegation_commands(app, outcome);
    add_export_command(app, outcome);
    add_version_command(app, outcome);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        const auto unparsed = app.remaining(true);
        if (code != 0 && std::ranges::any_of(unparsed, [](const std::string& arg) {
                return arg.size() > 1 && arg.front() == '-' && arg != "--";
            })) {
            // CLI11 reads "-Zx3..." as an unknown option; 1 in 64 ACME digests starts with '-'.
            std::cerr << "dcvd: an argument starting with '-' goes after '--', options before "
                         "it: dcvd txt add --ttl 60 -- HOST -VALUE\n";
        }
        return code == 0 ? exit_ok : exit_usage;
    } catch (const std::exception& e) {
        // Broken environment or invariant (corrupt LMDB, out of memory): STYLE.md §4.
        std::cerr << "dcvd: fatal: " << e.what() << '\n';
        return exit_failure;
    }
    return outcome.exit_code;
}

} // namespace dcvd::cli
