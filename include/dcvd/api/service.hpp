// api/service.hpp: what the API's requests do (DESIGN.md §5): the native v1 routes on the store,
// the lego httpreq and acme-dns compatibility routes, the probes; tokens checked on each.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dcvd/api/http_server.hpp"
#include "dcvd/base/cidr.hpp"
#include "dcvd/metrics/text.hpp"
#include "dcvd/naming/challenge_value.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::api {

/// Checks the delegation at a target key now and calls back, on any thread, with it as recorded
/// (the checker's check_now, wired by `serve`).
using CheckNow = std::function<void(std::vector<std::uint8_t> key,
                                    std::function<void(base::Result<store::Delegation>)> done)>;

struct ServiceOptions {
    wire::Name apex; ///< the validation zone
    naming::ValueLimits values;
    /// Peers whose X-Forwarded-For is believed (acme-dns allowfrom checks); none by default.
    std::vector<base::Cidr> trusted_proxies;
    /// Series GET /metrics writes after the API's own (DNS, store, process: `serve` wires them);
    /// called on the API's loop thread at each scrape, so they must be quick.
    std::vector<std::function<void(metrics::Text&)>> metrics_collectors;
    /// POST /v1/delegations/{host}/check; empty when the checker is off (the route says 503).
    CheckNow check_now;
};

/// Reads run on the API's loop thread (short LMDB read transactions); writes go to the writer
/// and are answered from its thread once durable. Shared by every connection; thread-safe.
class Service {
public:
    Service(store::Env& env, store::Writer& writer, ServiceOptions options);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    /// Answers `request` through `reply`, now or after a commit; never throws.
    void handle(const HttpRequest& request, HttpReply reply) const noexcept;
    /// handle() as the server's handler; the Service must outlive the server.
    [[nodiscard]] HttpHandler handler() const;
    /// Counts each response for /metrics, as the server's ResponseObserver.
    [[nodiscard]] ResponseObserver response_observer() const;

    struct Context;

private:
    std::unique_ptr<Context> context_;
};

} // namespace dcvd::api
