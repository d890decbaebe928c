// wire/types.hpp: DNS header fields, opcodes, RCODEs, RR types and classes as fixed-width enums.
// glibc's <arpa/nameser_compat.h> makes QUERY, NOERROR, NXDOMAIN... macros: hence PascalCase.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace dcvd::wire {

/// RFC 1035 §4.1.1, RFC 1996 (NOTIFY), RFC 2136 (UPDATE). Received values outside this list are
/// kept as raw numbers: an Opcode may hold any 4-bit value.
enum class Opcode : std::uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };

/// RFC 1035 §4.1.1, RFC 6891 §9. Values above 15 are extended: their upper 8 bits travel in the
/// OPT TTL (RFC 6891 §6.1.3), only the lower 4 in the header.
enum class Rcode : std::uint8_t {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
};

/// RR types this server names (RFC 1035 §3.2.2, §3.2.3 for QTYPEs; RFC 3596; RFC 6891;
/// RFC 4034; RFC 2930; RFC 8945; RFC 1995; RFC 5936). Any 16-bit value may be held.
enum class RrType : std::uint16_t {
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
    RRSIG = 46,
    TKEY = 249,
    TSIG = 250,
    IXFR = 251,
    AXFR = 252,
    MAILB = 253,
    MAILA = 254,
    ANY = 255,
};

/// RFC 1035 §3.2.4, §3.2.5; RFC 2136 §2.4 (NONE).
enum class RrClass : std::uint16_t { IN = 1, CH = 3, HS = 4, NONE = 254, ANY = 255 };

/// The number an enumerator stands for (std::to_underlying is C++23).
template <class Enum> [[nodiscard]] constexpr auto value(Enum e) noexcept {
    return static_cast<std::underlying_type_t<Enum>>(e);
}

} // namespace dcvd::wire
