// zone/zone_file_reader.cpp: ldns reads the entries (ldns_rr_new_frm_fp_l over fmemopen); line
// numbers come from the stream offsets, so an error names the line where its entry starts.
#include "zone_file_reader.hpp"

#include <cstdio>
#include <new>

#include "dcvd/zone/ldns_support.hpp"
#include "zone_error.hpp"

namespace dcvd::zone {
namespace {

/// ldns's TTL for entries without one before any $TTL (LDNS_DEFAULT_TTL), made explicit here.
constexpr std::uint32_t ttl_before_any_ttl_directive = 3600;
constexpr std::size_t max_rdata_size = 65535; // RDLENGTH is 16 bits (RFC 1035 §3.2.1)

using File = base::CHandle<FILE, std::fclose>;

/// An ldns_rdf that ldns itself replaces as it reads ($ORIGIN, the previous owner).
class RdfSlot {
public:
    explicit RdfSlot(ldns_rdf* rdf) noexcept : rdf_(rdf) {}
    ~RdfSlot() { ldns_rdf_deep_free(rdf_); }
    RdfSlot(const RdfSlot&) = delete;
    RdfSlot& operator=(const RdfSlot&) = delete;
    [[nodiscard]] ldns_rdf** address() noexcept { return &rdf_; }

private:
    ldns_rdf* rdf_;
};

/// Line numbers of offsets in the text, counted forward once.
class LineCounter {
public:
    explicit LineCounter(std::string_view text) noexcept : text_(text) {}

    /// The line of the first significant octet at or after `from`, skipping blanks and
    /// ';' comments as ldns does before an entry.
    [[nodiscard]] std::size_t entry_line(std::size_t from) noexcept {
        std::size_t at = from;
        while (at < text_.size()) {
            const char c = text_[at];
            if (c == ';') {
                while (at < text_.size() && text_[at] != '\n') {
                    ++at;
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++at;
            } else {
                break;
            }
        }
        return line_at(at);
    }

private:
    std::size_t line_at(std::size_t at) noexcept {
        for (; counted_ < at && counted_ < text_.size(); ++counted_) {
            if (text_[counted_] == '\n') {
                ++line_;
            }
        }
        return line_;
    }

    std::string_view text_;
    std::size_t counted_ = 0;
    std::size_t line_ = 1;
};

/// The number of the file's last line (a final newline ends that line, it starts none).
std::size_t last_line_of(std::string_view text) noexcept {
    std::size_t newlines = 0;
    for (const char c : text) {
        newlines += c == '\n' ? 1U : 0U;
    }
    const bool ends_in_newline = !text.empty() && text.back() == '\n';
    return ends_in_newline && newlines > 0 ? newlines : newlines + 1;
}

/// The rdata of `rr` in uncompressed wire form, one rdf after the other.
std::vector<std::uint8_t> rdata_wire(const ldns_rr* rr, ldns_buffer* buffer) {
    ldns_buffer_clear(buffer);
    for (std::size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
        if (ldns_rdf2buffer_wire(buffer, ldns_rr_rdf(rr, i)) != LDNS_STATUS_OK) {
            throw std::bad_alloc(); // ldns fails here only when it cannot grow the buffer
        }
    }
    const std::uint8_t* begin = ldns_buffer_begin(buffer);
    return {begin, begin + ldns_buffer_position(buffer)};
}

/// Converts what ldns parsed; returns an error reason, or empty when `out` is filled.
std::string to_record(const ldns_rr* rr, ldns_buffer* buffer, Record& out) {
    const ldns_rdf* owner = ldns_rr_owner(rr);
    wire::Name name;
    if (owner == nullptr ||
        !wire::Name::from_wire({ldns_rdf_data(owner), ldns_rdf_size(owner)}, name)) {
        return "malformed owner name";
    }
    out.owner = name.lowered();
    out.type = static_cast<std::uint16_t>(ldns_rr_get_type(rr));
    out.rr_class = static_cast<std::uint16_t>(ldns_rr_get_class(rr));
    out.ttl = ldns_rr_ttl(rr);
    out.rdata = rdata_wire(rr, buffer);
    if (out.rdata.size() > max_rdata_size) {
        return "rdata longer than 65535 octets";
    }
    const LdnsRr canonical(ldns_rr_clone(rr));
    if (!canonical) {
        throw std::bad_alloc();
    }
    ldns_rr2canonical(canonical.get());
    out.canonical_rdata = rdata_wire(canonical.get(), buffer);
    return {};
}

} // namespace

ReadOutcome read_zone_text(std::string_view text, const wire::Name& origin, std::string_view file) {
    ReadOutcome outcome;
    outcome.last_line = last_line_of(text);
    LineCounter lines(text);
    if (text.empty()) {
        return outcome; // fmemopen refuses an empty buffer; there is nothing to read anyway
    }
    std::string buffer(text); // fmemopen wants a mutable buffer even to read
    const File stream(fmemopen(buffer.data(), buffer.size(), "r"));
    const LdnsBuffer wire_buffer(ldns_buffer_new(512));
    RdfSlot current_origin(
        ldns_dname_new_frm_data(static_cast<std::uint16_t>(origin.size()), origin.wire().data()));
    RdfSlot previous_owner(
        ldns_dname_new_frm_data(static_cast<std::uint16_t>(origin.size()), origin.wire().data()));
    if (!stream || !wire_buffer || *current_origin.address() == nullptr ||
        *previous_owner.address() == nullptr) {
        throw std::bad_alloc();
    }
    std::uint32_t default_ttl = ttl_before_any_ttl_directive;
    while (std::feof(stream.get()) == 0) {
        const long start = std::ftell(stream.get());
        ldns_rr* parsed = nullptr;
        const ldns_status status =
            ldns_rr_new_frm_fp_l(&parsed, stream.get(), &default_ttl, current_origin.address(),
                                 previous_owner.address(), nullptr);
        const LdnsRr rr(parsed);
        const std::size_t line = lines.entry_line(static_cast<std::size_t>(start));
        switch (status) {
        case LDNS_STATUS_OK: {
            Record record;
            record.line = line;
            if (auto problem = to_record(rr.get(), wire_buffer.get(), record); !problem.empty()) {
                outcome.errors.push_back(located(file, line, problem));
            } else {
                outcome.records.push_back(std::move(record));
            }
            break;
        }
        case LDNS_STATUS_SYNTAX_EMPTY:
        case LDNS_STATUS_SYNTAX_TTL:
        case LDNS_STATUS_SYNTAX_ORIGIN:
            break;
        case LDNS_STATUS_SYNTAX_INCLUDE:
            outcome.errors.push_back(
                located(file, line,
                        "$INCLUDE is not supported: the static zone is one self-contained file"));
            break;
        default:
            outcome.errors.push_back(located(file, line, ldns_status_text(status)));
            if (std::ftell(stream.get()) == start) {
                return outcome; // ldns could not move past it: stop rather than loop
            }
            break;
        }
    }
    return outcome;
}

} // namespace dcvd::zone
