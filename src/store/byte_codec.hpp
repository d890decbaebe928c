// store/byte_codec.hpp: the pieces the store's record encodings share: a sticky bounds-checked
// reader, and length-prefixed text.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "big_endian.hpp"

namespace dcvd::store {

// Sticky reader over the record's bytes: a read past the end fails every later read.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept : rest_(bytes) {}

    std::span<const std::uint8_t> take(std::size_t size) noexcept {
        if (!ok_ || rest_.size() < size) {
            ok_ = false;
            return {};
        }
        const auto taken = rest_.first(size);
        rest_ = rest_.subspan(size);
        return taken;
    }
    std::uint8_t u8() noexcept {
        const auto octet = take(1);
        return octet.empty() ? 0 : octet[0];
    }
    std::uint64_t u64() noexcept {
        const auto octets = take(8);
        return octets.empty() ? 0 : load_be<std::uint64_t>(octets);
    }
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    [[nodiscard]] bool at_end() const noexcept { return ok_ && rest_.empty(); }

private:
    std::span<const std::uint8_t> rest_;
    bool ok_ = true;
};

inline std::string_view text_of(std::span<const std::uint8_t> bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// Appends u8 length | octets; callers bound the text to 255 octets.
inline void append_text(std::vector<std::uint8_t>& out, std::string_view text) {
    out.push_back(static_cast<std::uint8_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
}

} // namespace dcvd::store
