// unit/api/metrics_route_test.cpp: GET /metrics needs no token, answers Prometheus text, and
// counts every response by route pattern and status, the server's own answers included.
#include <catch2/catch.hpp>

#include <string>

#include "dcvd/api/http_server.hpp"
#include "dcvd/api/service.hpp"
#include "dcvd/store/writer.hpp"
#include "support/http_test_client.hpp"
#include "unit/store/store_fixture.hpp"

namespace dcvd::api {
namespace {

using Catch::Matchers::Contains;

// Wired as `serve` wires it, with one collector standing in for DNS, store and process.
class MetricsFixture {
public:
    MetricsFixture()
        : env_(store::test::open_store(store::test::options_in(dir_))),
          writer_(std::make_unique<store::Writer>(*env_)) {
        ServiceOptions options;
        REQUIRE(wire::Name::from_text(store::test::apex, options.apex));
        options.metrics_collectors.emplace_back(
            [](metrics::Text& text) { text.counter("dcvd_test_total", "A collector's.", 7); });
        service_ = std::make_unique<Service>(*env_, *writer_, std::move(options));
        HttpServerOptions http;
        http.listen = {"127.0.0.1:0"};
        server_ =
            std::make_unique<HttpServer>(http, service_->handler(), service_->response_observer());
        REQUIRE(server_->start());
    }
    ~MetricsFixture() { server_->stop(); }

    test::ParsedResponse send(const std::string& request) {
        test::HttpTestClient client(server_->bound().front());
        client.send(request);
        auto response = client.receive();
        REQUIRE(response);
        return *response;
    }
    test::ParsedResponse get(const std::string& target) {
        return send("GET " + target + " HTTP/1.1\r\nHost: dcvd\r\n\r\n");
    }

private:
    store::test::TempDir dir_;
    std::unique_ptr<store::Env> env_;
    std::unique_ptr<store::Writer> writer_;
    std::unique_ptr<Service> service_;
    std::unique_ptr<HttpServer> server_;
};

} // namespace

TEST_CASE("GET /metrics needs no token and answers Prometheus text 0.0.4", "[api][metrics]") {
    MetricsFixture api;
    const auto scrape = api.get("/metrics");
    CHECK(scrape.status == 200);
    CHECK(scrape.headers.at("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK_THAT(scrape.body, Contains("# TYPE dcvd_api_responses_total counter\n"));
    CHECK_THAT(scrape.body, Contains("\ndcvd_test_total 7\n")); // the collectors follow
}

TEST_CASE("responses are counted by route pattern and status; \"none\" when no route answered",
          "[api][metrics]") {
    MetricsFixture api;
    CHECK(api.get("/healthz").status == 200);
    CHECK(api.get("/healthz").status == 200);
    CHECK(api.get("/v1/delegations/www.example.com").status == 401); // the pattern, not the path
    CHECK(api.get("/no/such/route").status == 404);
    CHECK(api.send("POST /healthz HTTP/1.1\r\nHost: dcvd\r\nContent-Length: 0\r\n\r\n").status ==
          405);
    CHECK(api.send("BOGUS\r\n\r\n").status == 400); // the server's own answer
    const auto scrape = api.get("/metrics");
    const std::string& body = scrape.body;
    CHECK_THAT(body, Contains("dcvd_api_responses_total{method=\"GET\",route=\"/healthz\","
                              "status=\"200\"} 2\n"));
    CHECK_THAT(body, Contains("dcvd_api_responses_total{method=\"GET\",route=\"/v1/delegations/"
                              "{}\",status=\"401\"} 1\n"));
    CHECK_THAT(body, Contains("dcvd_api_responses_total{method=\"none\",route=\"none\","
                              "status=\"404\"} 1\n"));
    CHECK_THAT(body, Contains("dcvd_api_responses_total{method=\"none\",route=\"none\","
                              "status=\"405\"} 1\n"));
    CHECK_THAT(body, Contains("dcvd_api_responses_total{method=\"none\",route=\"none\","
                              "status=\"400\"} 1\n"));
    CHECK(body.find("www.example.com") == std::string::npos);
    CHECK_THAT(api.get("/metrics").body,
               Contains("dcvd_api_responses_total{method=\"GET\",route=\"/metrics\","
                        "status=\"200\"} 1\n"));
}

} // namespace dcvd::api
