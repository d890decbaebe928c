// unit/api/service_fixture.hpp: the API's Service on a fresh store, served over loopback, and a
// client that sends one request per connection with or without a token.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dcvd/api/http_server.hpp"
#include "dcvd/api/service.hpp"
#include "dcvd/store/tokens.hpp"
#include "dcvd/store/writer.hpp"
#include "support/http_test_client.hpp"
#include "unit/store/store_fixture.hpp"

namespace dcvd::api::test {

struct Answer {
    int status = 0;
    nlohmann::json body; ///< discarded when the body is not JSON
    std::string raw;
    std::map<std::string, std::string> headers;

    /// body.error.code, or "" when the body holds no error.
    [[nodiscard]] std::string error_code() const;
    [[nodiscard]] std::string message() const;
};

class ServiceFixture {
public:
    explicit ServiceFixture(naming::ValueLimits limits = {},
                            std::vector<base::Cidr> trusted_proxies = {});
    ~ServiceFixture();

    /// Adds a token named `name` and returns its text.
    std::string add_token(std::string_view name, store::TokenScope scope,
                          std::vector<std::string> host_suffixes = {});

    /// Sends one request with `authorization` as the Authorization header (none when empty).
    Answer request(std::string_view method, std::string_view target, std::string_view body = {},
                   std::string_view authorization = {}, std::string_view content_type = {});
    /// Sends one request with these headers.
    Answer request_with(std::string_view method, std::string_view target, std::string_view body,
                        const std::vector<std::pair<std::string, std::string>>& headers);
    /// request() with "Bearer <token>" of the fixture's write token.
    Answer write(std::string_view method, std::string_view target, std::string_view body = {});

    [[nodiscard]] store::Env& env() { return *env_; }
    [[nodiscard]] const std::string& bound() const { return server_->bound().front(); }

private:
    store::test::TempDir dir_;
    std::unique_ptr<store::Env> env_;
    std::unique_ptr<store::Writer> writer_;
    std::unique_ptr<Service> service_;
    std::unique_ptr<HttpServer> server_;
    std::string write_token_;
};

/// The fixture's apex.
inline constexpr std::string_view apex = "validation.example.net.";

} // namespace dcvd::api::test
