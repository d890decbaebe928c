// checker/edge.hpp: the provider's edge, as `[edge]` configures it: the names customers' hosts
// alias to (CNAME suffixes) and the address ranges they resolve into. A host points at the edge
// when its CNAME chain reaches one of those names or its addresses fall in those ranges.
#pragma once

#include <string>
#include <vector>

#include "dcvd/base/cidr.hpp"
#include "dcvd/base/result.hpp"
#include "dcvd/zone/ldns_support.hpp"

namespace dcvd::checker {

class Edge {
public:
    /// Invalid when a suffix is not a domain name.
    [[nodiscard]] static base::Result<Edge> make(const std::vector<std::string>& cname_suffixes,
                                                 std::vector<base::Cidr> addresses);

    /// `name` (absolute, any case) is one of the suffixes or below one (compared label by label,
    /// so an escaped dot inside a label is no boundary).
    [[nodiscard]] bool has_name(const std::string& name) const;
    [[nodiscard]] bool has_address(const base::IpAddress& address) const noexcept;

private:
    std::vector<zone::LdnsRdf> suffixes_;
    std::vector<base::Cidr> addresses_;
};

} // namespace dcvd::checker
