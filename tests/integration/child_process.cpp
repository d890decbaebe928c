// integration/child_process.cpp: posix_spawn with file actions, pidfd-based waiting.
#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace dcvd::integration {
namespace {

// glibc 2.36 ships no pidfd_open wrapper header; the system call is there since Linux 5.3.
int open_pidfd(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

class SpawnActions {
public:
    SpawnActions() { ::posix_spawn_file_actions_init(&actions_); }
    ~SpawnActions() { ::posix_spawn_file_actions_destroy(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;

    void open(int fd, const std::filesystem::path& path, int flags) {
        const int rc = ::posix_spawn_file_actions_addopen(&actions_, fd, path.c_str(), flags, 0644);
        if (rc != 0) {
            throw std::runtime_error("posix_spawn_file_actions_addopen: " +
                                     std::string(std::strerror(rc)));
        }
    }
    [[nodiscard]] const posix_spawn_file_actions_t* get() const { return &actions_; }

private:
    posix_spawn_file_actions_t actions_{};
};

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const ChildIo& io) {
    SpawnActions actions;
    actions.open(STDIN_FILENO, io.stdin_path, O_RDONLY);
    actions.open(STDOUT_FILENO, io.stdout_path, O_WRONLY | O_CREAT | O_TRUNC);
    actions.open(STDERR_FILENO, io.stderr_path, O_WRONLY | O_CREAT | O_TRUNC);

    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str())); // posix_spawn's signature predates const
    }
    args.push_back(nullptr);

    const int rc = ::posix_spawnp(&pid_, args[0], actions.get(), nullptr, args.data(), environ);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + argv.at(0) + ": " + std::strerror(rc));
    }
    pidfd_ = UniqueFd(open_pidfd(pid_));
    if (!pidfd_.is_open()) {
        const int saved = errno;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        throw std::runtime_error("pidfd_open: " + std::string(std::strerror(saved)));
    }
}

ChildProcess::~ChildProcess() {
    if (!exit_code_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

bool ChildProcess::send_signal(int signal) noexcept {
    // The pidfd keeps the pid from being reused while we hold it, but a reaped child is gone.
    return !exit_code_ && ::kill(pid_, signal) == 0;
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (exit_code_) {
        return exit_code_;
    }
    pollfd entry{pidfd_.get(), POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) {
        return std::nullopt;
    }
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) {
        throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_code_;
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::filesystem::path& scratch_dir,
                          const std::optional<std::string>& stdin_text,
                          std::chrono::milliseconds timeout) {
    static std::atomic<unsigned> sequence{0};
    const auto stem = scratch_dir / ("command-" + std::to_string(sequence.fetch_add(1)));
    ChildIo io;
    io.stdout_path = stem.string() + ".out";
    io.stderr_path = stem.string() + ".err";
    if (stdin_text) {
        io.stdin_path = stem.string() + ".in";
        write_text_file(io.stdin_path, *stdin_text);
    }

    CommandResult result;
    {
        ChildProcess child(argv, io);
        result.exit_code = child.wait_exit(timeout).value_or(-1);
    }
    result.out = read_text_file(io.stdout_path);
    result.err = read_text_file(io.stderr_path);
    return result;
}

std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
    const auto temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) {
            throw std::runtime_error("cannot write " + temporary);
        }
    }
    std::filesystem::rename(temporary, path);
}

} // namespace dcvd::integration
