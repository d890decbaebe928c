// wire/name.cpp: Name parsing, printing and canonical keys. No allocation except to_text().
#include "dcvd/wire/name.hpp"

#include <algorithm>
#include <array>

namespace dcvd::wire {
namespace {

constexpr std::uint8_t lower(std::uint8_t c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + ('a' - 'A')) : c;
}

// lower() by table, for the store key built on every query: one load per octet, no branch.
constexpr std::array<std::uint8_t, 256> lower_table = [] {
    std::array<std::uint8_t, 256> table{};
    for (std::size_t c = 0; c < table.size(); ++c) {
        table[c] = lower(static_cast<std::uint8_t>(c));
    }
    return table;
}();

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

} // namespace

Name::Name() noexcept {
    bytes_[0] = 0;
}

Name::Name(const Name& other) noexcept : size_(other.size_), labels_(other.labels_) {
    std::copy_n(other.bytes_.begin(), size_, bytes_.begin());
}

Name& Name::operator=(const Name& other) noexcept {
    if (this != &other) {
        size_ = other.size_;
        labels_ = other.labels_;
        std::copy_n(other.bytes_.begin(), size_, bytes_.begin());
    }
    return *this;
}

bool Name::from_text(std::string_view text, Name& out) noexcept {
    if (text.empty()) {
        return false;
    }
    if (text == ".") {
        out = Name{};
        return true;
    }
    Name built;
    std::size_t size = 0;
    std::size_t labels = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length_at = size++;
        std::size_t label_size = 0;
        while (i < text.size() && text[i] != '.') {
            std::uint8_t octet = 0;
            if (text[i] == '\\') {
                if (i + 1 >= text.size()) {
                    return false;
                }
                if (is_digit(text[i + 1])) {
                    if (i + 3 >= text.size() || !is_digit(text[i + 2]) || !is_digit(text[i + 3])) {
                        return false;
                    }
                    const int value =
                        (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255) {
                        return false;
                    }
                    octet = static_cast<std::uint8_t>(value);
                    i += 4;
                } else {
                    octet = static_cast<std::uint8_t>(text[i + 1]);
                    i += 2;
                }
            } else {
                octet = static_cast<std::uint8_t>(text[i]);
                ++i;
            }
            if (++label_size > max_label_size || size >= max_name_size) {
                return false;
            }
            built.bytes_[size++] = octet;
        }
        if (label_size == 0) {
            return false; // empty label: "a..b" or a leading dot
        }
        built.bytes_[length_at] = static_cast<std::uint8_t>(label_size);
        ++labels;
        if (i < text.size()) {
            ++i; // the dot; a trailing one ends the loop
        }
    }
    if (size >= max_name_size) {
        return false;
    }
    built.bytes_[size++] = 0;
    built.size_ = static_cast<std::uint8_t>(size);
    built.labels_ = static_cast<std::uint8_t>(labels);
    out = built;
    return true;
}

bool Name::from_wire(std::span<const std::uint8_t> wire, Name& out) noexcept {
    std::size_t at = 0;
    std::size_t labels = 0;
    while (true) {
        if (at >= wire.size() || at >= max_name_size) {
            return false;
        }
        const std::uint8_t length = wire[at];
        if (length == 0) {
            break;
        }
        if (length > max_label_size) {
            return false; // compression pointers and extended label types have no place here
        }
        at += 1U + length;
        ++labels;
    }
    const std::size_t size = at + 1;
    if (size > max_name_size) {
        return false;
    }
    std::copy_n(wire.begin(), size, out.bytes_.begin());
    out.size_ = static_cast<std::uint8_t>(size);
    out.labels_ = static_cast<std::uint8_t>(labels);
    return true;
}

std::string Name::to_text() const {
    if (is_root()) {
        return ".";
    }
    std::string text;
    std::size_t at = 0;
    while (bytes_[at] != 0) {
        const std::size_t length = bytes_[at];
        for (std::size_t k = at + 1; k <= at + length; ++k) {
            const auto c = static_cast<char>(bytes_[k]);
            if (c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' ||
                c == '$') {
                text += '\\';
                text += c;
            } else if (bytes_[k] < 0x21 || bytes_[k] > 0x7e) {
                const unsigned v = bytes_[k];
                text += '\\';
                text += static_cast<char>('0' + v / 100);
                text += static_cast<char>('0' + (v / 10) % 10);
                text += static_cast<char>('0' + v % 10);
            } else {
                text += c;
            }
        }
        text += '.';
        at += 1 + length;
    }
    return text;
}

Name Name::lowered() const noexcept {
    Name copy = *this;
    std::size_t at = 0;
    while (copy.bytes_[at] != 0) {
        const std::size_t length = copy.bytes_[at];
        for (std::size_t k = at + 1; k <= at + length; ++k) {
            copy.bytes_[k] = lower(copy.bytes_[k]);
        }
        at += 1 + length;
    }
    return copy;
}

bool wire_names_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    // Names compared on the answer path are mostly the same octets (a question against itself,
    // the apex as configured against the apex as asked): one memcmp settles those.
    if (std::equal(a.begin(), a.end(), b.begin())) {
        return true;
    }
    // Length octets are below 'A', so lower-casing them is harmless.
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool Name::equals(const Name& other) const noexcept {
    return wire_names_equal(wire(), other.wire());
}

bool Name::is_subdomain_of(const Name& other) const noexcept {
    return suffix_offset(other) >= 0;
}

int Name::suffix_offset(const Name& other) const noexcept {
    if (other.labels_ > labels_) {
        return -1;
    }
    std::size_t at = 0;
    for (std::size_t skip = labels_ - other.labels_; skip > 0; --skip) {
        at += 1U + bytes_[at];
    }
    return wire_names_equal(wire().subspan(at), other.wire()) ? static_cast<int>(at) : -1;
}

bool Name::prepend_label(std::string_view label) noexcept {
    if (label.empty() || label.size() > max_label_size ||
        size_ + 1 + label.size() > max_name_size) {
        return false;
    }
    const std::size_t shift = 1 + label.size();
    std::copy_backward(bytes_.begin(), bytes_.begin() + size_, bytes_.begin() + size_ + shift);
    bytes_[0] = static_cast<std::uint8_t>(label.size());
    std::copy(label.begin(), label.end(), bytes_.begin() + 1);
    size_ = static_cast<std::uint8_t>(size_ + shift);
    ++labels_;
    return true;
}

std::size_t relative_key(std::span<const std::uint8_t> name, std::size_t suffix_labels,
                         KeyBuffer& out) noexcept {
    std::array<std::uint8_t, 128>
        offsets; // NOLINT(cppcoreguidelines-pro-type-member-init): written before read
    std::size_t at = 0;
    std::size_t count = 0;
    while (true) {
        if (at >= name.size() || count >= offsets.size()) {
            return invalid_key;
        }
        const std::uint8_t length = name[at];
        if (length == 0) {
            break;
        }
        if (length > max_label_size || at + 1U + length >= name.size()) {
            return invalid_key;
        }
        offsets[count++] = static_cast<std::uint8_t>(at);
        at += 1U + length;
    }
    if (count < suffix_labels) {
        return invalid_key;
    }
    std::size_t written = 0;
    for (std::size_t i = count - suffix_labels; i-- > 0;) {
        const std::size_t start = offsets[i];
        const std::size_t length = name[start];
        const std::uint8_t* label = name.data() + start + 1;
        std::uint8_t* key = out.data() + written;
        std::uint8_t smallest = 0xFF;
        for (std::size_t k = 0; k < length; ++k) {
            smallest = std::min(smallest, label[k]);
            key[k] = lower_table[label[k]];
        }
        if (smallest == 0) {
            return invalid_key;
        }
        written += length;
        out[written++] = 0;
    }
    return written;
}

} // namespace dcvd::wire
