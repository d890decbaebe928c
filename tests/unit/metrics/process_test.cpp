// tests/unit/metrics/process_test.cpp: the process series read from /proc.
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <string>

#include "dcvd/metrics/process.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::metrics {
namespace {

// The value of the unlabelled sample `name` in `text`, or -1.
double value_of(const std::string& text, const std::string& name) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(name + " ", 0) == 0) {
            return std::stod(line.substr(name.size() + 1));
        }
    }
    return -1;
}

} // namespace

TEST_CASE("process series: resident memory, descriptors, a start time in the past", "[metrics]") {
    Text text;
    write_process(text);
    const std::string& out = text.str();
    CHECK(out.find("# TYPE dcvd_process_resident_memory_bytes gauge\n") != std::string::npos);
    CHECK(value_of(out, "dcvd_process_resident_memory_bytes") > 1024 * 1024);
    CHECK(value_of(out, "dcvd_process_open_fds") >= 3); // stdin, stdout, stderr
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const double start = value_of(out, "dcvd_process_start_time_seconds");
    CHECK(start > now - 3600);
    CHECK(start <= now + 1);
}

TEST_CASE("build info carries the version as a label", "[metrics]") {
    Text text;
    write_build_info(text, "1.2.3");
    CHECK(text.str() == "# HELP dcvd_build_info The version dcvd was built as; always 1.\n"
                        "# TYPE dcvd_build_info gauge\n"
                        "dcvd_build_info{version=\"1.2.3\"} 1\n");
}

} // namespace dcvd::metrics
