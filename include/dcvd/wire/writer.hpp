// wire/writer.hpp: builds a response in a caller's buffer, compressing owner names against the
// question. Hot path: noexcept, no allocation; never writes past the buffer, says "does not fit".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "dcvd/wire/name.hpp"

namespace dcvd::wire {

enum class Section : std::uint8_t { Answer, Authority, Additional };

/// Writes one message front to back: header space, the question, then records in section order.
/// A record that does not fit is not written at all and the call returns false, so the caller
/// decides between TC=1 and leaving it out. Not thread-safe; the buffer must outlive the writer.
class ResponseWriter {
public:
    /// `out` must hold at least a header (12 octets); its size is the message's limit.
    explicit ResponseWriter(std::span<std::uint8_t> out) noexcept;

    void set_id(std::uint16_t id) noexcept { id_ = id; }
    void set_flags(std::uint16_t flags) noexcept { flags_ = flags; }
    [[nodiscard]] std::uint16_t flags() const noexcept { return flags_; }

    /// Writes the question and makes `qname` the target of owner-name compression; the writer
    /// keeps a reference to it, so it must outlive the writer. Call at most once, before any
    /// record. A parsed question is written back octet for octet as sent: its
    /// name sits at offset 12 in both messages, where it cannot have been compressed.
    [[nodiscard]] bool question(const Name& qname, std::uint16_t qtype,
                                std::uint16_t qclass) noexcept;
    bool question(const Name&& qname, std::uint16_t qtype, std::uint16_t qclass) = delete;

    /// Appends one class-IN record whose RDATA is the concatenation of `rdata`. The owner is
    /// written as its labels above the longest suffix it shares with the question's name (any
    /// case), followed by a pointer to that suffix in the question. Sections must come in order.
    [[nodiscard]] bool rr(Section section, const Name& owner, std::uint16_t type, std::uint32_t ttl,
                          std::initializer_list<std::span<const std::uint8_t>> rdata) noexcept;

    /// Appends an OPT pseudo-RR (RFC 6891 §6.1.2) without options to the additional section.
    [[nodiscard]] bool opt(std::uint16_t udp_payload, std::uint8_t extended_rcode,
                           std::uint8_t version, bool dnssec_ok) noexcept;

    /// Keeps the last `size` octets of the buffer free until release(), e.g. for an OPT that
    /// must fit whatever else was written. False when they are not free now.
    [[nodiscard]] bool reserve(std::size_t size) noexcept;
    void release() noexcept { limit_ = out_.size(); }

    /// A point to come back to: rollback() forgets every record written after mark().
    struct Mark {
        std::size_t size = 0;
        std::array<std::uint16_t, 3> counts{};
    };
    [[nodiscard]] Mark mark() const noexcept { return Mark{size_, counts_}; }
    void rollback(const Mark& mark) noexcept {
        size_ = mark.size;
        counts_ = mark.counts;
    }

    [[nodiscard]] std::uint16_t count(Section section) const noexcept {
        return counts_[static_cast<std::size_t>(section)];
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    /// Writes the header (ID, flags, the four counts) and returns the message's length.
    [[nodiscard]] std::size_t finish() noexcept;

private:
    void put_u16(std::uint16_t value) noexcept;
    void put_u32(std::uint32_t value) noexcept;
    void put_bytes(std::span<const std::uint8_t> bytes) noexcept;
    void check_order(Section section) const noexcept;

    std::span<std::uint8_t> out_;
    std::size_t limit_;
    std::size_t size_;
    std::array<std::uint16_t, 3> counts_{}; // answer, authority, additional
    std::uint16_t qdcount_ = 0;
    std::uint16_t id_ = 0;
    std::uint16_t flags_ = 0;
    const Name* qname_ = nullptr; // compression target, at offset 12 when qdcount_ is 1
};

} // namespace dcvd::wire
