// integration/failure_count.hpp: how many assertions have failed so far in this run, so that a
// fixture can tell in its destructor whether its test failed (Catch2 v2 has no such query).
#pragma once

#include <cstdint>

namespace dcvd::integration {

[[nodiscard]] std::uint64_t failed_assertions() noexcept;

} // namespace dcvd::integration
