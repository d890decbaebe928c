// store/timed_key.hpp: the key of the store's time-ordered indexes ("expiry", "checks"):
// u64 BE time ‖ target key, so that byte order is time order and the first entry is the earliest.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "big_endian.hpp"
#include "dcvd/wire/name.hpp"
#include "lmdb.hpp"

namespace dcvd::store {

class TimedKey {
public:
    static constexpr std::size_t time_size = sizeof(std::uint64_t);

    TimedKey(std::uint64_t at, std::span<const std::uint8_t> key) noexcept
        : size_(key.size() <= wire::max_key_size ? time_size + key.size() : 0) {
        store_be(at, std::span<std::uint8_t>(bytes_));
        std::copy_n(key.begin(), size_ == 0 ? 0 : key.size(), bytes_.begin() + time_size);
    }
    /// False for a target key longer than any relative key (the writer validates keys first).
    [[nodiscard]] bool ok() const noexcept { return size_ != 0; }
    [[nodiscard]] MDB_val val() noexcept { return MDB_val{size_, bytes_.data()}; }

    /// Splits a stored entry key; false when it is too short to hold its time.
    [[nodiscard]] static bool split(std::span<const std::uint8_t> stored, std::uint64_t& at,
                                    std::span<const std::uint8_t>& key) noexcept {
        if (stored.size() < time_size) {
            return false;
        }
        at = load_be<std::uint64_t>(stored);
        key = stored.subspan(time_size);
        return true;
    }

private:
    std::array<std::uint8_t, time_size + wire::max_key_size> bytes_{};
    std::size_t size_;
};

} // namespace dcvd::store
