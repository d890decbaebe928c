// zone/zone_test_util.hpp: helpers shared by the zone tests: loading test zones, keys of names,
// and capturing what the "zone" logger says.
#pragma once

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>

#include "dcvd/zone/static_zone.hpp"

namespace dcvd::zone::test {

/// The apex every test zone is written for.
[[nodiscard]] wire::Name test_apex();
/// tests/data/zone/<relative>.
[[nodiscard]] std::string data_path(const std::string& relative);
/// Loads tests/data/zone/<relative>; fails the test when it does not load.
[[nodiscard]] std::shared_ptr<const StaticZone> load_ok(const std::string& relative);
/// The relative key of `name` (absolute, presentation form) under test_apex().
[[nodiscard]] std::vector<std::uint8_t> key_of(const std::string& name);
/// The wire form of an absolute name.
[[nodiscard]] std::vector<std::uint8_t> name_wire(const std::string& name);

/// Copies what the "zone" logger writes while it lives.
class LogCapture {
public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    [[nodiscard]] std::string text() const { return stream_.str(); }

private:
    std::ostringstream stream_;
    std::shared_ptr<spdlog::sinks::ostream_sink_st> sink_;
};

} // namespace dcvd::zone::test
