// base/log.hpp: named spdlog loggers, one per component, sharing one sink.
#pragma once

#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

namespace dcvd::base {

/// Sets the level of every logger (trace..critical, off) and the sink (stderr). Call once from
/// main before any thread starts; returns false for an unknown level name.
[[nodiscard]] bool setup_logging(std::string_view level);

/// The logger of a component ("dns", "store", ...), created on first use. Thread-safe.
std::shared_ptr<spdlog::logger> logger(std::string_view component);

} // namespace dcvd::base
