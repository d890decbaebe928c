// checker/observation.hpp: what one server's reply says about a name the checker follows, read
// from the ldns packet: a CNAME (written, or synthesized from a DNAME), the records at the name,
// the name's absence, or nothing to go on. Chains across zones are the caller's to follow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dcvd/base/cidr.hpp"
#include "dcvd/zone/ldns_support.hpp"

namespace dcvd::checker {

enum class NameAnswer : std::uint8_t {
    Alias,   ///< a CNAME at the name, or a DNAME above it: `target` says where (RFC 6672 §2.2)
    Records, ///< records of the asked type right at the name (`texts` or `addresses`)
    Absent,  ///< NXDOMAIN, or an authoritative NOERROR without them (RFC 2308 §2.2, NODATA)
    Unknown, ///< SERVFAIL, REFUSED, any other rcode, a referral, or not authoritative
};

struct NameObservation {
    NameAnswer answer = NameAnswer::Unknown;
    std::string target;                     ///< Alias: the next name, absolute, lower-case
    std::vector<base::IpAddress> addresses; ///< Records of type A or AAAA
    std::vector<std::string> names;         ///< Records of type NS: the servers, lower-case
    std::size_t records = 0;                ///< Records: how many of the asked type
    std::string detail; ///< why Unknown ("SERVFAIL", "referral", ...); Absent: NXDOMAIN or NODATA
};

/// Reads `reply` to a question for `name` (absolute, any case) of type `type`. With
/// `require_authoritative` (asking a zone's own servers) a reply without AA is Unknown, since a
/// lame server's word is no evidence; a resolver's replies carry no AA and are read as they are.
[[nodiscard]] NameObservation observe_name(const ldns_pkt& reply, const std::string& name,
                                           ldns_rr_type type, bool require_authoritative);

/// The absolute, lower-case text of a domain name ("www.example.com.").
[[nodiscard]] std::string name_text(const ldns_rdf& name);
/// The same for a name in text, as the checker compares names; empty when it is no name.
[[nodiscard]] std::string canonical_name(const std::string& text);

} // namespace dcvd::checker
