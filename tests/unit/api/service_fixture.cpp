// unit/api/service_fixture.cpp: store, writer, Service and server wired as `serve` wires them.
#include "service_fixture.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "dcvd/base/clock.hpp"
#include "dcvd/crypto/sha256.hpp"

namespace dcvd::api::test {

std::string Answer::error_code() const {
    if (!body.is_object() || !body.contains("error")) {
        return "";
    }
    return body.at("error").at("code").get<std::string>();
}

std::string Answer::message() const {
    if (!body.is_object() || !body.contains("error")) {
        return "";
    }
    return body.at("error").at("message").get<std::string>();
}

ServiceFixture::ServiceFixture(naming::ValueLimits limits, std::vector<base::Cidr> trusted_proxies)
    : env_(store::test::open_store(store::test::options_in(dir_))),
      writer_(std::make_unique<store::Writer>(*env_)) {
    ServiceOptions options;
    REQUIRE(wire::Name::from_text(apex, options.apex));
    options.values = limits;
    options.trusted_proxies = std::move(trusted_proxies);
    service_ = std::make_unique<Service>(*env_, *writer_, std::move(options));
    HttpServerOptions http;
    http.listen = {"127.0.0.1:0"};
    server_ = std::make_unique<HttpServer>(http, service_->handler());
    REQUIRE(server_->start());
}

ServiceFixture::~ServiceFixture() {
    server_->stop();
}

std::string ServiceFixture::add_token(std::string_view name, store::TokenScope scope,
                                      std::vector<std::string> host_suffixes) {
    const std::string text = fmt::format("dcvd_test_{}_token", name);
    store::TokenRecord token;
    token.name = std::string(name);
    token.scope = scope;
    token.host_suffixes = std::move(host_suffixes);
    token.created = base::unix_now();
    token.hash = crypto::sha256(text);
    REQUIRE(store::add_token(*env_, token));
    return text;
}

Answer ServiceFixture::request(std::string_view method, std::string_view target,
                               std::string_view body, std::string_view authorization,
                               std::string_view content_type) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!authorization.empty()) {
        headers.emplace_back("Authorization", authorization);
    }
    if (!content_type.empty()) {
        headers.emplace_back("Content-Type", content_type);
    }
    return request_with(method, target, body, headers);
}

Answer
ServiceFixture::request_with(std::string_view method, std::string_view target,
                             std::string_view body,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    HttpTestClient client(bound());
    std::string wire = fmt::format("{} {} HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n", method,
                                   target, body.size());
    for (const auto& [name, value] : headers) {
        wire += fmt::format("{}: {}\r\n", name, value);
    }
    wire += "\r\n";
    wire += body;
    client.send(wire);
    const auto response = client.receive();
    REQUIRE(response);
    Answer answer;
    answer.status = response->status;
    answer.headers = response->headers;
    answer.raw = response->body;
    answer.body = nlohmann::json::parse(response->body, nullptr, false);
    return answer;
}

Answer ServiceFixture::write(std::string_view method, std::string_view target,
                             std::string_view body) {
    if (write_token_.empty()) {
        write_token_ = add_token("writer", store::TokenScope::Write);
    }
    return request(method, target, body, "Bearer " + write_token_);
}

} // namespace dcvd::api::test
