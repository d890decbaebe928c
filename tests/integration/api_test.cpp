// integration/api_test.cpp: `dcvd serve` runs the HTTP API beside DNS: the probes answer, and
// what no route takes is a JSON error (DESIGN.md §5).
#include <catch2/catch.hpp>

#include "support/http_test_client.hpp"
#include "test_server.hpp"

namespace dcvd::integration {

TEST_CASE("dcvd serve answers the probes on its API address and keeps the connection",
          "[integration][api]") {
    TestServer server;
    api::test::HttpTestClient client(server.http_address());
    client.send("GET /healthz HTTP/1.1\r\nHost: dcvd\r\n\r\n");
    const auto health = client.receive();
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == R"({"status":"ok"})");
    client.send("GET /readyz HTTP/1.1\r\nHost: dcvd\r\n\r\n");
    const auto ready = client.receive();
    REQUIRE(ready);
    CHECK(ready->status == 200);
    client.send("DELETE /v1/nothing HTTP/1.1\r\nHost: dcvd\r\n\r\n");
    const auto missing = client.receive();
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->headers.at("Content-Type") == "application/json");
    server.require_answering(); // DNS unaffected
}

} // namespace dcvd::integration
