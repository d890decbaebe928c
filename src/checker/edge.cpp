// checker/edge.cpp: suffix and range tests for the provider's edge.
#include "edge.hpp"

#include <algorithm>

namespace dcvd::checker {

base::Result<Edge> Edge::make(const std::vector<std::string>& cname_suffixes,
                              std::vector<base::Cidr> addresses) {
    Edge edge;
    for (const auto& suffix : cname_suffixes) {
        zone::LdnsRdf name(ldns_dname_new_frm_str(suffix.c_str()));
        if (!name) {
            return base::unexpected(base::ErrorCode::Invalid,
                                    "edge CNAME suffix is not a domain name: \"" + suffix + "\"");
        }
        edge.suffixes_.push_back(std::move(name));
    }
    edge.addresses_ = std::move(addresses);
    return edge;
}

bool Edge::has_name(const std::string& name) const {
    const zone::LdnsRdf asked(ldns_dname_new_frm_str(name.c_str()));
    if (!asked) {
        return false;
    }
    return std::any_of(suffixes_.begin(), suffixes_.end(), [&asked](const zone::LdnsRdf& suffix) {
        return ldns_dname_compare(asked.get(), suffix.get()) == 0 ||
               ldns_dname_is_subdomain(asked.get(), suffix.get());
    });
}

bool Edge::has_address(const base::IpAddress& address) const noexcept {
    return std::any_of(addresses_.begin(), addresses_.end(),
                       [&address](const base::Cidr& range) { return range.contains(address); });
}

} // namespace dcvd::checker
