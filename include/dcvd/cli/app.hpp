// cli/app.hpp: the dcvd command line (CLI11): parses argv, runs the subcommand.
#pragma once

namespace dcvd::cli {

/// Runs dcvd with the process arguments; returns the process exit code.
/// 0 success, 1 runtime failure, 2 usage or configuration error.
[[nodiscard]] int run(int argc, char** argv);

} // namespace dcvd::cli
