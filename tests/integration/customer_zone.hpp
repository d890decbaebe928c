// integration/customer_zone.hpp: a customer's zone example.com. on two real knotd (ns1 on
// 127.0.0.11, ns2 on 127.0.0.12, one port), for the checker's tests; ns1 also stands in for the
// resolver (it answers its own zone's NS and glue).
#pragma once

#include <cstdint>
#include <string>

#include "knot_server.hpp"

namespace dcvd::integration {

/// example.com.'s SOA (serial `serial`), NS and glue, then `records`.
inline std::string customer_zone(const std::string& records, std::uint32_t serial = 1) {
    return "$ORIGIN example.com.\n$TTL 60\n"
           "@ SOA ns1 hostmaster " +
           std::to_string(serial) +
           " 3600 600 86400 60\n"
           "@ NS ns1\n@ NS ns2\n"
           "ns1 A 127.0.0.11\nns2 A 127.0.0.12\n" +
           records;
}

/// ns1 serving `first`, ns2 serving `second` (records below the SOA, NS and glue).
struct CustomerZone {
    std::uint16_t port = free_loopback_port();
    KnotServer ns1;
    KnotServer ns2;
    std::uint32_t serial = 1;

    CustomerZone(const std::string& first, const std::string& second)
        : ns1("127.0.0.11", port, "example.com.", customer_zone(first)),
          ns2("127.0.0.12", port, "example.com.", customer_zone(second)) {}

    /// Both servers load new records (a higher serial each time).
    void publish(const std::string& first, const std::string& second) {
        ++serial;
        ns1.replace_zone(customer_zone(first, serial));
        ns2.replace_zone(customer_zone(second, serial));
    }
};

} // namespace dcvd::integration
