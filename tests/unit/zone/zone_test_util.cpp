// zone/zone_test_util.cpp: see zone_test_util.hpp.
#include "zone_test_util.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "dcvd/base/log.hpp"

namespace dcvd::zone::test {

wire::Name test_apex() {
    wire::Name apex;
    REQUIRE(wire::Name::from_text("validation.example.net.", apex));
    return apex;
}

std::string data_path(const std::string& relative) {
    return std::string(DCVD_TEST_DATA) + "/zone/" + relative;
}

std::shared_ptr<const StaticZone> load_ok(const std::string& relative) {
    auto loaded = StaticZone::load(data_path(relative), test_apex());
    INFO((loaded ? std::string() : loaded.error().message));
    REQUIRE(loaded.has_value());
    return *loaded;
}

std::vector<std::uint8_t> key_of(const std::string& name) {
    wire::Name parsed;
    REQUIRE(wire::Name::from_text(name, parsed));
    wire::KeyBuffer key{};
    const std::size_t size = wire::relative_key(parsed.wire(), test_apex().label_count(), key);
    REQUIRE(size != wire::invalid_key);
    return {key.begin(), key.begin() + static_cast<std::ptrdiff_t>(size)};
}

std::vector<std::uint8_t> name_wire(const std::string& name) {
    wire::Name parsed;
    REQUIRE(wire::Name::from_text(name, parsed));
    return {parsed.wire().begin(), parsed.wire().end()};
}

LogCapture::LogCapture() : sink_(std::make_shared<spdlog::sinks::ostream_sink_st>(stream_)) {
    sink_->set_pattern("%l %v");
    base::logger("zone")->sinks().push_back(sink_);
}

LogCapture::~LogCapture() {
    auto& sinks = base::logger("zone")->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
}

} // namespace dcvd::zone::test
