// wire/writer.cpp: the response writer and its owner-name compression against the question.
// Hot path: noexcept, no allocation; every write is checked against the limit before it starts.
#include "dcvd/wire/writer.hpp"

#include <algorithm>
#include <cassert>

#include "dcvd/wire/edns.hpp"
#include "dcvd/wire/header.hpp"
#include "dcvd/wire/types.hpp"

namespace dcvd::wire {
namespace {

constexpr std::uint16_t pointer_bits = 0xC000;
// A name of 255 octets holds at most 127 labels (each at least 2 octets) and the root label.
constexpr std::size_t max_labels = 127;
// TYPE, CLASS, TTL and RDLENGTH after the owner (RFC 1035 §4.1.3).
constexpr std::size_t rr_fixed_size = 10;

using LabelStarts = std::array<std::uint8_t, max_labels>;

/// Where each label of `name` starts; returns how many labels it has (root excluded).
std::size_t label_starts(const Name& name, LabelStarts& starts) noexcept {
    const auto wire = name.wire();
    std::size_t count = 0;
    for (std::size_t at = 0; wire[at] != 0; at += 1U + wire[at]) {
        starts[count++] = static_cast<std::uint8_t>(at);
    }
    return count;
}

/// How an owner name is written: its first `prefix` octets, then (unless pointer is 0) a
/// pointer to that message offset.
struct OwnerEncoding {
    std::size_t prefix = 0;
    std::uint16_t pointer = 0;
};

/// Compresses `owner` against the question name at offset 12: the longest run of trailing labels
/// they share (ASCII case ignored, RFC 4343) becomes a pointer into the question.
OwnerEncoding encode_owner(const Name& owner, const Name& qname) noexcept {
    if (owner.is_root()) {
        return OwnerEncoding{owner.size(), 0}; // one octet: a pointer would be longer
    }
    // The common case (TXT at the question, SOA at the apex above it) in one comparison.
    if (const int at = qname.suffix_offset(owner); at >= 0) {
        return OwnerEncoding{0, static_cast<std::uint16_t>(pointer_bits | (header_size + at))};
    }
    LabelStarts owner_starts{};
    LabelStarts qname_starts{};
    std::size_t i = label_starts(owner, owner_starts);
    std::size_t j = label_starts(qname, qname_starts);
    const auto owner_wire = owner.wire();
    const auto qname_wire = qname.wire();
    bool shared = false;
    while (i > 0 && j > 0) {
        const auto a =
            owner_wire.subspan(owner_starts[i - 1], 1U + owner_wire[owner_starts[i - 1]]);
        const auto b =
            qname_wire.subspan(qname_starts[j - 1], 1U + qname_wire[qname_starts[j - 1]]);
        if (!wire_names_equal(a, b)) {
            break;
        }
        shared = true;
        --i;
        --j;
    }
    if (!shared) {
        return OwnerEncoding{owner.size(), 0};
    }
    // The owner's labels before i stay; the rest is the question name from its label j on.
    const std::size_t target = header_size + qname_starts[j];
    return OwnerEncoding{owner_starts[i], static_cast<std::uint16_t>(pointer_bits | target)};
}

} // namespace

ResponseWriter::ResponseWriter(std::span<std::uint8_t> out) noexcept
    : out_(out), limit_(out.size()), size_(header_size) {
    assert(out.size() >= header_size);
}

bool ResponseWriter::question(const Name& qname, std::uint16_t qtype,
                              std::uint16_t qclass) noexcept {
    assert(qdcount_ == 0 && size_ == header_size);
    if (qname.size() + 4 > limit_ - size_) {
        return false;
    }
    put_bytes(qname.wire());
    put_u16(qtype);
    put_u16(qclass);
    qdcount_ = 1;
    qname_ = &qname;
    return true;
}

void ResponseWriter::check_order([[maybe_unused]] Section section) const noexcept {
    // Records go in section order; a later section already written would be an ordering bug.
    for (auto s = static_cast<std::size_t>(section) + 1; s < counts_.size(); ++s) {
        assert(counts_[s] == 0);
    }
}

bool ResponseWriter::rr(Section section, const Name& owner, std::uint16_t type, std::uint32_t ttl,
                        std::initializer_list<std::span<const std::uint8_t>> rdata) noexcept {
    check_order(section);
    const OwnerEncoding encoding =
        qdcount_ == 1 ? encode_owner(owner, *qname_) : OwnerEncoding{owner.size(), 0};
    std::size_t rdlength = 0;
    for (const auto part : rdata) {
        rdlength += part.size();
    }
    const std::size_t needed =
        encoding.prefix + (encoding.pointer != 0 ? 2U : 0U) + rr_fixed_size + rdlength;
    if (rdlength > 0xFFFF || needed > limit_ - size_) {
        return false;
    }
    put_bytes(owner.wire().first(encoding.prefix));
    if (encoding.pointer != 0) {
        put_u16(encoding.pointer);
    }
    put_u16(type);
    put_u16(value(RrClass::IN));
    put_u32(ttl);
    put_u16(static_cast<std::uint16_t>(rdlength));
    for (const auto part : rdata) {
        put_bytes(part);
    }
    ++counts_[static_cast<std::size_t>(section)];
    return true;
}

bool ResponseWriter::opt(std::uint16_t udp_payload, std::uint8_t extended_rcode,
                         std::uint8_t version, bool dnssec_ok) noexcept {
    check_order(Section::Additional);
    if (opt_rr_size > limit_ - size_) {
        return false;
    }
    out_[size_++] = 0; // owner: the root (RFC 6891 §6.1.2)
    put_u16(value(RrType::OPT));
    put_u16(udp_payload);
    put_u32((std::uint32_t{extended_rcode} << 24) | (std::uint32_t{version} << 16) |
            (dnssec_ok ? edns_do_bit : 0U));
    put_u16(0); // RDLENGTH: no options
    ++counts_[static_cast<std::size_t>(Section::Additional)];
    return true;
}

bool ResponseWriter::reserve(std::size_t size) noexcept {
    if (size > out_.size() - size_) {
        return false;
    }
    limit_ = out_.size() - size;
    return true;
}

std::size_t ResponseWriter::finish() noexcept {
    const std::size_t end = size_;
    size_ = 0;
    put_u16(id_);
    put_u16(flags_);
    put_u16(qdcount_);
    for (const auto count : counts_) {
        put_u16(count);
    }
    size_ = end;
    return end;
}

void ResponseWriter::put_u16(std::uint16_t value) noexcept {
    out_[size_++] = static_cast<std::uint8_t>(value >> 8);
    out_[size_++] = static_cast<std::uint8_t>(value);
}

void ResponseWriter::put_u32(std::uint32_t value) noexcept {
    put_u16(static_cast<std::uint16_t>(value >> 16));
    put_u16(static_cast<std::uint16_t>(value));
}

void ResponseWriter::put_bytes(std::span<const std::uint8_t> bytes) noexcept {
    std::copy(bytes.begin(), bytes.end(), out_.begin() + static_cast<std::ptrdiff_t>(size_));
    size_ += bytes.size();
}

} // namespace dcvd::wire
