// zone/ldns_support.hpp: owning handles for ldns objects, and the one place an ldns status, type
// or class becomes text. For the components that use ldns (zone files, the checker's queries);
// no header of the DNS hot path includes it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>

// Without __bool_true_false_are_defined, ldns/common.h #defines `false` and `true` as 0 and 1,
// which breaks later standard headers (<optional>'s operator<=>); <stdbool.h> defines it.
#include <stdbool.h> // NOLINT(modernize-deprecated-headers)

#include <ldns/ldns.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::zone {

using LdnsRr = base::CHandle<ldns_rr, ldns_rr_free>;
using LdnsBuffer = base::CHandle<ldns_buffer, ldns_buffer_free>;
using LdnsPacket = base::CHandle<ldns_pkt, ldns_pkt_free>;
using LdnsRdf = base::CHandle<ldns_rdf, ldns_rdf_deep_free>;
/// Text ldns allocated with malloc (ldns_rdf2str and the like).
using LdnsText = base::CHandle<char, std::free>;

/// ldns's own description of a status ("Syntax error, could not parse the RR's rdata").
[[nodiscard]] inline std::string ldns_status_text(ldns_status status) {
    return ldns_get_errorstr_by_id(status);
}

/// The RR type's mnemonic ("TXT", or "TYPE65534" for types ldns does not know).
[[nodiscard]] inline std::string ldns_type_text(std::uint16_t type) {
    const LdnsText text(ldns_rr_type2str(static_cast<ldns_rr_type>(type)));
    return text ? std::string(text.get()) : "TYPE" + std::to_string(type);
}

/// The class's mnemonic ("IN", "CH", or "CLASS5").
[[nodiscard]] inline std::string ldns_class_text(std::uint16_t rr_class) {
    const LdnsText text(ldns_rr_class2str(static_cast<ldns_rr_class>(rr_class)));
    return text ? std::string(text.get()) : "CLASS" + std::to_string(rr_class);
}

} // namespace dcvd::zone
