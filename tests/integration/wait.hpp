// integration/wait.hpp: polling with a deadline, the only way tests wait for the server.
#pragma once

#include <chrono>
#include <thread>

namespace dcvd::integration {

/// Evaluates `condition` every `step` until it holds (true) or `timeout` passed (false).
template <class Condition>
[[nodiscard]] bool wait_until(Condition&& condition, std::chrono::milliseconds timeout,
                              std::chrono::milliseconds step = std::chrono::milliseconds{20}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(step);
    }
    return true;
}

} // namespace dcvd::integration
