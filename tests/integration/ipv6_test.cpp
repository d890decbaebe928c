// integration/ipv6_test.cpp: the same answers over IPv6 (::1) as over IPv4, UDP and TCP.
#include <catch2/catch.hpp>

#include "test_server.hpp"

namespace dcvd::integration {

TEST_CASE("UDP and TCP over IPv6 (::1) serve the values as over IPv4", "[integration][ipv6]") {
    TestServer server;
    REQUIRE(server.udp6().is_ipv6());
    REQUIRE(server.tcp6().is_ipv6());
    server.txt_add("www.example.com", "v6-value");
    const QuerySpec spec{.name = target_of("www.example.com")};
    CHECK(txt_values(*server.udp_query(spec, server.udp6())) ==
          std::vector<std::string>{"v6-value"});
    CHECK(txt_values(*server.tcp_query(spec, server.tcp6())) ==
          std::vector<std::string>{"v6-value"});
}

} // namespace dcvd::integration
