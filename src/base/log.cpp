// base/log.cpp: one stderr sink shared by the components' named loggers.
#include "dcvd/base/log.hpp"

#include <mutex>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace dcvd::base {
namespace {

spdlog::sink_ptr shared_sink() {
    static const spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    return sink;
}

} // namespace

bool setup_logging(std::string_view level) {
    const auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") {
        return false;
    }
    spdlog::set_level(parsed);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ %n: %v");
    return true;
}

std::shared_ptr<spdlog::logger> logger(std::string_view component) {
    static std::mutex creating;
    const std::string name(component);
    const std::lock_guard lock(creating);
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto created = std::make_shared<spdlog::logger>(name, shared_sink());
    spdlog::initialize_logger(created); // takes the global level and pattern, and registers
    return created;
}

} // namespace dcvd::base
