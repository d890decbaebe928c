// integration/failure_count.cpp: a Catch2 listener counting failed assertions.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <atomic>

#include "failure_count.hpp"

namespace dcvd::integration {
namespace {

std::atomic<std::uint64_t> failures{0};

class FailureCounter : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;
    bool assertionEnded(const Catch::AssertionStats& stats) override {
        if (!stats.assertionResult.isOk()) {
            failures.fetch_add(1, std::memory_order_relaxed);
        }
        return true;
    }
};

CATCH_REGISTER_LISTENER(FailureCounter)

} // namespace

std::uint64_t failed_assertions() noexcept {
    return failures.load(std::memory_order_relaxed);
}

} // namespace dcvd::integration
