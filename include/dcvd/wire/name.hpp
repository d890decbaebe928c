// wire/name.hpp: domain names in uncompressed wire form, and the store's canonical keys.
// Hot path: noexcept, no allocation (a Name is a fixed 255-octet buffer).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dcvd::wire {

inline constexpr std::size_t max_name_size = 255; // RFC 1035 §2.3.4, wire octets incl. root
inline constexpr std::size_t max_label_size = 63;

/// An absolute domain name in uncompressed wire form (length-prefixed labels ending in the root
/// label), case preserved. Always valid: the factories refuse anything RFC 1035 forbids.
class Name {
public:
    Name() noexcept; ///< the root name
    /// Copies only the octets in use: names are copied on the answer path, and most are short.
    Name(const Name& other) noexcept;
    Name& operator=(const Name& other) noexcept;
    ~Name() = default;

    /// Parses presentation form ("www.Example.com." or without the final dot; "." is the root).
    /// Understands \DDD and \X escapes. Returns false (leaving *out untouched) when invalid.
    [[nodiscard]] static bool from_text(std::string_view text, Name& out) noexcept;
    /// Takes a name already in uncompressed wire form; false when malformed or too long.
    [[nodiscard]] static bool from_wire(std::span<const std::uint8_t> wire, Name& out) noexcept;

    [[nodiscard]] std::span<const std::uint8_t> wire() const noexcept {
        return {bytes_.data(), size_};
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// Labels excluding the root label: "a.b." has 2.
    [[nodiscard]] std::size_t label_count() const noexcept { return labels_; }
    [[nodiscard]] bool is_root() const noexcept { return labels_ == 0; }

    /// Presentation form with a trailing dot, escaping as RFC 1035 §5.1 (allocates).
    [[nodiscard]] std::string to_text() const;
    /// A copy with ASCII letters lower-cased (RFC 4343).
    [[nodiscard]] Name lowered() const noexcept;

    /// True when this name equals `other` or lies below it, ignoring ASCII case.
    [[nodiscard]] bool is_subdomain_of(const Name& other) const noexcept;
    /// Where `other` starts inside this name when this name equals it or lies below it
    /// (ASCII case ignored): the offset of its first label in wire(), or -1.
    [[nodiscard]] int suffix_offset(const Name& other) const noexcept;
    /// Case-insensitive equality (RFC 4343).
    [[nodiscard]] bool equals(const Name& other) const noexcept;

    /// Prepends one label; false when the label or the result would be too long.
    [[nodiscard]] bool prepend_label(std::string_view label) noexcept;

private:
    // Only the first size_ octets are ever written or read: filling the rest on every
    // construction would cost the answer path a 255-octet store per name.
    std::array<std::uint8_t, max_name_size>
        bytes_; // NOLINT(cppcoreguidelines-pro-type-member-init)
    std::uint8_t size_ = 1;
    std::uint8_t labels_ = 0;
};

/// Case-insensitive equality of two uncompressed wire names (RFC 4343).
[[nodiscard]] bool wire_names_equal(std::span<const std::uint8_t> a,
                                    std::span<const std::uint8_t> b) noexcept;

/// Largest canonical key: the name's octets minus the root label, one terminator per label.
inline constexpr std::size_t max_key_size = max_name_size;
using KeyBuffer = std::array<std::uint8_t, max_key_size>;

/// Writes the store key of the part of `name` (uncompressed wire form) above its last
/// `suffix_labels` labels, i.e. the owner relative to the zone apex: those labels in reverse
/// order (most significant first), ASCII-lower-cased, each followed by one 0x00 octet. Byte order
/// of keys is then the canonical order of RFC 4034 §6.1, so a subtree is a key range. The apex
/// itself has the empty key. Returns the key length; returns max_key_size + 1 when `name` is
/// malformed or has fewer labels than `suffix_labels`, or when a label holds a 0x00 octet (such
/// a key would be ambiguous; no stored name has one, so callers treat it as "does not exist").
[[nodiscard]] std::size_t relative_key(std::span<const std::uint8_t> name,
                                       std::size_t suffix_labels, KeyBuffer& out) noexcept;

inline constexpr std::size_t invalid_key = max_key_size + 1;

} // namespace dcvd::wire
