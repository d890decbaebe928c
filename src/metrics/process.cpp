// metrics/process.cpp: resident memory from /proc/self/statm, descriptors from /proc/self/fd,
// the start time from /proc/self/stat and the boot time in /proc/stat (as Prometheus's own
// process collector does).
#include "dcvd/metrics/process.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "dcvd/metrics/text.hpp"

namespace dcvd::metrics {
namespace {

std::optional<std::string> read_file(const char* path) {
    std::ifstream in(path);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// statm: "size resident shared text lib data dt", in pages.
std::optional<double> resident_bytes() {
    const auto statm = read_file("/proc/self/statm");
    if (!statm) {
        return std::nullopt;
    }
    std::istringstream in(*statm);
    unsigned long long size = 0;
    unsigned long long resident = 0;
    if (!(in >> size >> resident)) {
        return std::nullopt;
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// Counts the entries of /proc/self/fd, the directory's own descriptor among them.
std::optional<double> open_fds() {
    std::error_code ec;
    std::filesystem::directory_iterator it("/proc/self/fd", ec);
    if (ec) {
        return std::nullopt;
    }
    double count = 0;
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
        if (ec) {
            return std::nullopt;
        }
        ++count;
    }
    return count;
}

// proc(5): field 22 of /proc/self/stat is the start time in clock ticks after boot; the fields
// are counted after the command name's closing parenthesis (the name may hold spaces).
std::optional<double> start_time_seconds() {
    const auto stat = read_file("/proc/self/stat");
    const auto system = read_file("/proc/stat");
    if (!stat || !system) {
        return std::nullopt;
    }
    const auto close = stat->rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(stat->substr(close + 1));
    std::string field;
    for (int index = 3; index <= 22; ++index) { // field 3 (state) is the first after ')'
        if (!(fields >> field)) {
            return std::nullopt;
        }
    }
    unsigned long long ticks = 0;
    if (std::from_chars(field.data(), field.data() + field.size(), ticks).ec != std::errc{}) {
        return std::nullopt;
    }
    const auto at = system->find("\nbtime ");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream boot_line(system->substr(at + 7));
    unsigned long long boot = 0;
    if (!(boot_line >> boot)) {
        return std::nullopt;
    }
    const long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(boot) + static_cast<double>(ticks) / static_cast<double>(hz);
}

} // namespace

void write_process(Text& text) {
    if (const auto bytes = resident_bytes()) {
        text.gauge("dcvd_process_resident_memory_bytes", "Resident memory size in bytes.", *bytes);
    }
    if (const auto count = open_fds()) {
        text.gauge("dcvd_process_open_fds", "Open file descriptors.", *count);
    }
    if (const auto seconds = start_time_seconds()) {
        text.gauge("dcvd_process_start_time_seconds",
                   "Start time of the process since the Unix epoch in seconds.", *seconds);
    }
}

void write_build_info(Text& text, std::string_view version) {
    text.family("dcvd_build_info", Type::Gauge, "The version dcvd was built as; always 1.");
    text.sample("dcvd_build_info", {{"version", version}}, std::uint64_t{1});
}

} // namespace dcvd::metrics
