// integration/child_process.hpp: spawns a program (the dcvd binary, kdig, dig, ldns-read-zone)
// with its standard streams on files, and waits for it with a deadline through a pidfd.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace dcvd::integration {

/// Where the child's standard streams go; stdin is read from a file.
struct ChildIo {
    std::filesystem::path stdin_path = "/dev/null";
    std::filesystem::path stdout_path;
    std::filesystem::path stderr_path;
};

/// A running child process. The destructor SIGKILLs and reaps it when it is still running, so a
/// failing test never leaves a process behind.
class ChildProcess {
public:
    /// Spawns argv[0] (an absolute path, or a name found in PATH). Throws std::runtime_error
    /// naming the program when it cannot be started.
    ChildProcess(const std::vector<std::string>& argv, const ChildIo& io);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    [[nodiscard]] pid_t pid() const noexcept { return pid_; }
    /// Sends `signal` while the child runs; false once it has been reaped.
    bool send_signal(int signal) noexcept;
    /// Waits up to `timeout` for the child to exit and reaps it. Returns its exit code
    /// (128 + signal number when a signal ended it), or nullopt when it is still running.
    [[nodiscard]] std::optional<int> wait_exit(std::chrono::milliseconds timeout);
    [[nodiscard]] bool is_running() { return !wait_exit(std::chrono::milliseconds{0}); }

private:
    pid_t pid_ = -1;
    UniqueFd pidfd_;
    std::optional<int> exit_code_;
};

/// What a finished command printed and returned.
struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs a command to completion with its streams captured in files under `scratch_dir`, feeding
/// it `stdin_text` when given. A command still running after `timeout` is killed and the
/// result's exit code is -1.
[[nodiscard]] CommandResult run_command(const std::vector<std::string>& argv,
                                        const std::filesystem::path& scratch_dir,
                                        const std::optional<std::string>& stdin_text,
                                        std::chrono::milliseconds timeout);

/// The whole content of a file ("" when it cannot be read).
[[nodiscard]] std::string read_text_file(const std::filesystem::path& path);
/// Writes `text` to `path` through a temporary file and a rename, so readers see all or nothing.
void write_text_file(const std::filesystem::path& path, const std::string& text);

} // namespace dcvd::integration
