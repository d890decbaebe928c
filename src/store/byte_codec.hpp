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
    std::uint16_t u16() noexcept { return integer<std::uint16_t>(); }
    std::uint32_t u32() noexcept { return integer<std::uint32_t>(); }
    std::uint64_t u64() noexcept { return integer<std::uint64_t>(); }
    /// Marks the bytes malformed (a length over its bound): every later read fails.
    void fail() noexcept { ok_ = false; }
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    [[nodiscard]] bool at_end() const noexcept { return ok_ && rest_.empty(); }

private:
    template <class T> T integer() noexcept {
        const auto octets = take(sizeof(T));
        return octets.empty() ? 0 : load_be<T>(octets);
    }

    std::span<const std::uint8_t> rest_;
    bool ok_ = true;
};

inline std::string_view text_of(std::span<const std::uint8_t> bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// Appends a big-endian integer.
template <class T> void append_be(std::vector<std::uint8_t>& out, T value) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    store_be(value, std::span<std::uint8_t>(out).subspan(at));
}

/// Appends u8 length | octets; callers bound the text to 255 octets.
inline void append_text(std::vector<std::uint8_t>& out, std::string_view text) {
    out.push_back(static_cast<std::uint8_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
}

} // namespace dcvd::store
