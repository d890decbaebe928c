// dns/zone_slot.hpp: hands the current StaticZone to workers. Workers poll a generation counter
// (one relaxed atomic load per batch, no lock) and take the mutex only when it changed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "dcvd/zone/static_zone.hpp"

namespace dcvd::dns {

class ZoneSlot {
public:
    explicit ZoneSlot(std::shared_ptr<const zone::StaticZone> initial)
        : zone_(std::move(initial)) {}

    /// Publishes a new zone (reload). Any thread.
    void publish(std::shared_ptr<const zone::StaticZone> next) {
        {
            const std::lock_guard lock(mutex_);
            zone_ = std::move(next);
        }
        generation_.fetch_add(1, std::memory_order_release);
    }

    [[nodiscard]] std::uint64_t generation() const noexcept {
        return generation_.load(std::memory_order_acquire);
    }

    /// The current zone; takes the mutex: call only when generation() changed.
    [[nodiscard]] std::shared_ptr<const zone::StaticZone> current() const {
        const std::lock_guard lock(mutex_);
        return zone_;
    }

private:
    mutable std::mutex mutex_; // guards zone_
    std::shared_ptr<const zone::StaticZone> zone_;
    std::atomic<std::uint64_t> generation_{0};
};

} // namespace dcvd::dns
