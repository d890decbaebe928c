// wire/reader.hpp: bounds-checked reader of received messages with sticky errors: read
// everything, check ok() once (STYLE.md §4). Hot path: noexcept, no allocation, no exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dcvd/wire/header.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::wire {

/// Why reading stopped; the first failure sticks.
enum class ReadStatus : std::uint8_t {
    Ok,
    Truncated,    ///< a field or label runs past the end of the message
    BadLabelType, ///< label type 0x40 (RFC 6891 §5 deprecates it) or 0x80 (reserved)
    BadPointer,   ///< a compression pointer not strictly backwards, or into the header
    NameTooLong,  ///< a name over 255 octets once decompressed (RFC 1035 §2.3.4)
};

/// Reads one message front to back. After a failure every read returns 0 or an empty span and
/// the position stays where the failure happened. Borrowed bytes must outlive the reader.
class WireReader {
public:
    explicit WireReader(std::span<const std::uint8_t> message, std::size_t offset = 0) noexcept
        : message_(message), at_(offset) {
        if (offset > message.size()) {
            fail(ReadStatus::Truncated);
        }
    }

    [[nodiscard]] std::uint8_t u8() noexcept {
        if (!take(1)) {
            return 0;
        }
        return message_[at_ - 1];
    }
    [[nodiscard]] std::uint16_t u16() noexcept {
        if (!take(2)) {
            return 0;
        }
        return static_cast<std::uint16_t>((message_[at_ - 2] << 8) | message_[at_ - 1]);
    }
    [[nodiscard]] std::uint32_t u32() noexcept {
        const std::uint32_t high = u16();
        const std::uint32_t low = u16();
        return (high << 16) | low;
    }
    /// The next `count` octets, or an empty span when fewer remain.
    [[nodiscard]] std::span<const std::uint8_t> bytes(std::size_t count) noexcept {
        if (!take(count)) {
            return {};
        }
        return message_.subspan(at_ - count, count);
    }
    void skip(std::size_t count) noexcept { static_cast<void>(take(count)); }

    /// Reads a possibly compressed name (RFC 1035 §4.1.4) into `out` (case preserved). A pointer
    /// must aim strictly before the start of the run of labels that holds it and not into the
    /// header, so pointers only go backwards and a loop cannot be built; the decompressed name
    /// must fit 255 octets. The reader continues after the first pointer (or the root label).
    [[nodiscard]] bool name(Name& out) noexcept;

    /// The 12-octet header; counts and flags as sent.
    [[nodiscard]] Header header() noexcept {
        Header h;
        h.id = u16();
        h.flags = u16();
        h.qdcount = u16();
        h.ancount = u16();
        h.nscount = u16();
        h.arcount = u16();
        return h;
    }

    [[nodiscard]] bool ok() const noexcept { return status_ == ReadStatus::Ok; }
    [[nodiscard]] ReadStatus status() const noexcept { return status_; }
    [[nodiscard]] std::size_t offset() const noexcept { return at_; }
    [[nodiscard]] std::size_t remaining() const noexcept { return message_.size() - at_; }
    [[nodiscard]] std::span<const std::uint8_t> message() const noexcept { return message_; }

private:
    [[nodiscard]] bool take(std::size_t count) noexcept {
        if (!ok() || count > remaining()) {
            fail(ReadStatus::Truncated);
            return false;
        }
        at_ += count;
        return true;
    }
    void fail(ReadStatus why) noexcept {
        if (ok()) {
            status_ = why;
        }
    }

    std::span<const std::uint8_t> message_;
    std::size_t at_ = 0;
    ReadStatus status_ = ReadStatus::Ok;
};

} // namespace dcvd::wire
