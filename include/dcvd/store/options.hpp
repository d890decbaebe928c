// store/options.hpp: how the store opens its LMDB environment and batches writes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace dcvd::store {

struct Options {
    std::filesystem::path path = "./var";      ///< data directory, created if missing
    std::uint64_t map_size_bytes = 4ULL << 30; ///< LMDB map size: the most the data may take
    std::size_t max_batch_ops = 65536;         ///< most operations one group commit applies
    /// How long a group commit waits for more operations once writes arrive faster than commits
    /// end (0: never waits). A lone writer is never delayed.
    std::chrono::milliseconds commit_delay{2};
    std::chrono::seconds purge_interval{60}; ///< how often `serve` drops expired values
};

} // namespace dcvd::store
