// checker/observation.cpp: one reply read for one name, with ldns.
#include "observation.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace dcvd::checker {
namespace {

using zone::LdnsRdf;

NameObservation unknown(std::string why) {
    NameObservation seen;
    seen.detail = std::move(why);
    return seen;
}

NameObservation alias(std::string target) {
    NameObservation seen;
    seen.answer = NameAnswer::Alias;
    seen.target = std::move(target);
    return seen;
}

std::string rcode_text(ldns_pkt_rcode rcode) {
    const ldns_lookup_table* known = ldns_lookup_by_id(ldns_rcodes, static_cast<int>(rcode));
    return known != nullptr ? known->name : "RCODE" + std::to_string(rcode);
}

bool is_type_at(const ldns_rr* record, ldns_rr_type type, const ldns_rdf* name) {
    return ldns_rr_get_type(record) == type && ldns_dname_compare(ldns_rr_owner(record), name) == 0;
}

// RFC 6672 §2.2: the name with the DNAME's owner replaced by its target; empty when the result
// would be longer than a name may be (the server should have said YXDOMAIN).
std::string synthesize(const std::string& name, const std::string& owner,
                       const std::string& target) {
    const std::string joined = name.substr(0, name.size() - owner.size()) + target;
    const LdnsRdf valid(ldns_dname_new_frm_str(joined.c_str()));
    return valid ? joined : std::string();
}

std::optional<base::IpAddress> address_of(const ldns_rr* record) {
    const ldns_rdf* rdata = ldns_rr_rdf(record, 0);
    if (rdata == nullptr) {
        return std::nullopt;
    }
    const std::size_t size = ldns_rdf_size(rdata);
    base::IpAddress address;
    address.is_v6 = size == 16;
    if (size != 4 && size != 16) {
        return std::nullopt;
    }
    std::memcpy(address.bytes.data(), ldns_rdf_data(rdata), size);
    return address;
}

// The name in a CNAME's or DNAME's data; none for an empty one (ldns accepts RDLENGTH 0, as
// RFC 2136 updates use it).
std::optional<std::string> name_in(const ldns_rr* record) {
    const ldns_rdf* data = ldns_rr_rdf(record, 0);
    if (data == nullptr || ldns_rdf_get_type(data) != LDNS_RDF_TYPE_DNAME) {
        return std::nullopt;
    }
    return name_text(*data);
}

NameObservation alias_of(const ldns_rr* record) {
    auto target = name_in(record);
    return target ? alias(std::move(*target)) : unknown("an alias without a target");
}

bool has_type(const ldns_rr_list* records, ldns_rr_type type) {
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(records); ++i) {
        if (ldns_rr_get_type(ldns_rr_list_rr(records, i)) == type) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string name_text(const ldns_rdf& name) {
    const zone::LdnsText text(ldns_rdf2str(&name));
    std::string lowered = text ? text.get() : "";
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return lowered;
}

std::string canonical_name(const std::string& text) {
    const LdnsRdf name(ldns_dname_new_frm_str(text.c_str()));
    return name ? name_text(*name) : std::string();
}

NameObservation observe_name(const ldns_pkt& reply, const std::string& name, ldns_rr_type type,
                             bool require_authoritative) {
    const LdnsRdf asked(ldns_dname_new_frm_str(name.c_str()));
    if (!asked) {
        return unknown("not a domain name: " + name);
    }
    const ldns_pkt_rcode rcode = ldns_pkt_get_rcode(&reply);
    if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN) {
        return unknown(rcode_text(rcode));
    }
    if (require_authoritative && !ldns_pkt_aa(&reply)) {
        const bool referral = ldns_rr_list_rr_count(ldns_pkt_answer(&reply)) == 0 &&
                              has_type(ldns_pkt_authority(&reply), LDNS_RR_TYPE_NS);
        return unknown(referral ? "referral (the name is in a zone below)" : "not authoritative");
    }
    const ldns_rr_list* answer = ldns_pkt_answer(&reply);
    const std::size_t count = ldns_rr_list_rr_count(answer);
    // The CNAME first: with one, the rcode is about the chain's end (RFC 6604 §2.1), not the name.
    for (std::size_t i = 0; i < count; ++i) {
        const ldns_rr* record = ldns_rr_list_rr(answer, i);
        if (type != LDNS_RR_TYPE_CNAME && is_type_at(record, LDNS_RR_TYPE_CNAME, asked.get())) {
            return alias_of(record);
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        const ldns_rr* record = ldns_rr_list_rr(answer, i);
        if (ldns_rr_get_type(record) == LDNS_RR_TYPE_DNAME &&
            ldns_dname_is_subdomain(asked.get(), ldns_rr_owner(record))) {
            const auto replacement = name_in(record);
            if (!replacement) {
                return unknown("an alias without a target");
            }
            const std::string target =
                synthesize(name_text(*asked), name_text(*ldns_rr_owner(record)), *replacement);
            return target.empty() ? unknown("DNAME substitution overflows the name")
                                  : alias(target);
        }
    }
    NameObservation seen;
    for (std::size_t i = 0; i < count; ++i) {
        const ldns_rr* record = ldns_rr_list_rr(answer, i);
        if (!is_type_at(record, type, asked.get())) {
            continue;
        }
        if (type == LDNS_RR_TYPE_CNAME) {
            return alias_of(record);
        }
        ++seen.records;
        if (type == LDNS_RR_TYPE_NS) {
            if (auto server = name_in(record)) {
                seen.names.push_back(std::move(*server));
            }
        } else if (type == LDNS_RR_TYPE_A || type == LDNS_RR_TYPE_AAAA) {
            if (auto address = address_of(record)) {
                seen.addresses.push_back(*address);
            }
        }
    }
    if (seen.records > 0) {
        seen.answer = NameAnswer::Records;
    } else {
        seen.answer = NameAnswer::Absent;
        seen.detail = rcode == LDNS_RCODE_NXDOMAIN ? "NXDOMAIN" : "NODATA";
    }
    return seen;
}

} // namespace dcvd::checker
