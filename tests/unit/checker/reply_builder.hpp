// tests/unit/checker/reply_builder.hpp: replies built from zone-file lines with ldns, for the
// tests that read replies without a network.
#pragma once

#include <initializer_list>
#include <string>

#include "dns_client.hpp"

namespace dcvd::checker::test {

struct ReplySpec {
    ldns_pkt_rcode rcode = LDNS_RCODE_NOERROR;
    bool authoritative = true;
    std::initializer_list<const char*> answer = {};
    std::initializer_list<const char*> authority = {};
};

/// A response to `name` `type` IN with the records of `spec` (TTL 60 where a line has none).
[[nodiscard]] Packet reply(const std::string& name, ldns_rr_type type, const ReplySpec& spec);

} // namespace dcvd::checker::test
