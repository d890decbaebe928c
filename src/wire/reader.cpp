// wire/reader.cpp: decompression of names in received messages. Hot path: noexcept, no
// allocation; every octet is bounds-checked and every pointer goes strictly backwards.
#include "dcvd/wire/reader.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace dcvd::wire {
namespace {

constexpr std::uint8_t label_type_mask = 0xC0;
constexpr std::uint8_t pointer_type = 0xC0;

} // namespace

bool WireReader::name(Name& out) noexcept {
    if (!ok()) {
        return false;
    }
    // Written up to `size` before it is read: no fill.
    std::array<std::uint8_t, max_name_size>
        decoded; // NOLINT(cppcoreguidelines-pro-type-member-init)
    std::size_t size = 0;
    std::size_t at = at_;
    std::size_t run_start = at_; // where the labels being read began: pointers must aim before it
    std::size_t resume = 0;      // where reading continues once the name is done (after a pointer)
    while (true) {
        if (at >= message_.size()) {
            fail(ReadStatus::Truncated);
            return false;
        }
        const std::uint8_t length = message_[at];
        if ((length & label_type_mask) == pointer_type) {
            if (at + 1 >= message_.size()) {
                fail(ReadStatus::Truncated);
                return false;
            }
            const std::size_t target = (std::size_t{length & 0x3FU} << 8) | message_[at + 1];
            // Strictly decreasing run starts make loops impossible; a name never starts in the
            // header.
            if (target < header_size || target >= run_start) {
                fail(ReadStatus::BadPointer);
                return false;
            }
            if (resume == 0) {
                resume = at + 2;
            }
            run_start = target;
            at = target;
            continue;
        }
        if ((length & label_type_mask) != 0) {
            fail(ReadStatus::BadLabelType);
            return false;
        }
        if (length == 0) {
            break;
        }
        // Room for this label and, after it, at least the root label.
        if (size + 1U + length + 1U > max_name_size) {
            fail(ReadStatus::NameTooLong);
            return false;
        }
        if (length >= message_.size() - at) {
            fail(ReadStatus::Truncated);
            return false;
        }
        std::copy_n(message_.begin() + static_cast<std::ptrdiff_t>(at), 1U + length,
                    decoded.begin() + static_cast<std::ptrdiff_t>(size));
        size += 1U + length;
        at += 1U + length;
    }
    decoded[size++] = 0;
    at_ = resume != 0 ? resume : at + 1;
    // The labels were checked above, so this cannot fail; it keeps Name's invariants in one place.
    [[maybe_unused]] const bool built =
        Name::from_wire(std::span<const std::uint8_t>(decoded.data(), size), out);
    assert(built);
    return true;
}

} // namespace dcvd::wire
