// checker/webhook_sender.hpp: POSTs each delivery (one transition's JSON body for one webhook)
// until its receiver answers 2xx, signed with X-Dcvd-Signature: sha256=<hex HMAC-SHA256 of the
// body keyed with the webhook's secret>. The transfers run on a libuv loop through curl's multi
// interface, so a slow or dead receiver never blocks it; failed attempts are retried with
// exponential backoff, without limit. Keeping deliveries across restarts is the caller's (the
// store's outbox): the sender reports each delivery's id once it is delivered.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/checker/options.hpp"
#include "dcvd/uv/loop.hpp"

namespace dcvd::checker {

/// Initialises libcurl for the process (curl_global_init). Call from main before any thread
/// starts (STYLE.md §3); later calls, and the one WebhookSender::create makes, do nothing more
/// and return the first result. Unavailable when curl cannot initialise.
[[nodiscard]] base::Result<void> init_curl();

/// One transition for one webhook: the caller makes one per configured url.
struct WebhookDelivery {
    std::uint64_t id = 0; ///< the caller's (its outbox key); reported back once delivered
    std::string url;      ///< a configured WebhookOptions::url, exactly
    std::string body;     ///< POSTed as is (transition_payload), and signed
};

struct WebhookSenderOptions {
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
    std::chrono::milliseconds request_timeout{std::chrono::seconds(10)}; ///< whole attempt
    /// The wait after a delivery's first failed attempt, doubled after each further one up to
    /// max_retry.
    std::chrono::milliseconds first_retry{std::chrono::seconds(1)};
    std::chrono::milliseconds max_retry{std::chrono::hours(1)};
    std::size_t max_in_flight = 16; ///< POSTs at once, over all webhooks; more wait in order
    /// Response body octets read; a receiver that sends more is cut off, and its status counts.
    std::size_t max_response_bytes = std::size_t{64} * 1024;
};

/// What the sender did since it was made. Any thread may read it.
struct WebhookStats {
    std::uint64_t attempts = 0;        ///< POSTs started
    std::uint64_t delivered = 0;       ///< deliveries answered 2xx
    std::uint64_t failed_attempts = 0; ///< other status, timeout, connection or TLS error
    std::uint64_t dropped = 0;         ///< deliveries for a url not configured
    /// Deliveries taken and not yet delivered: waiting, being sent, or backing off.
    std::uint64_t queued = 0;
};

/// Loop thread only, except stats(). An interface, so that the checker's callers can test with a
/// fake; create() makes the real one. Must be destroyed before its loop; deliveries not yet
/// delivered are then abandoned (they are still in the caller's outbox).
class WebhookSender {
public:
    /// Runs on the loop thread, never from inside send(); must not destroy the sender.
    using Delivered = std::function<void(std::uint64_t id)>;

    /// Invalid when an option is out of range (a timeout, first_retry or max_in_flight of 0,
    /// max_retry below first_retry) or two webhooks share a url; Unavailable when curl or libuv
    /// cannot start. Calls init_curl().
    [[nodiscard]] static base::Result<std::unique_ptr<WebhookSender>>
    create(uv::Loop& loop, std::vector<WebhookOptions> webhooks, WebhookSenderOptions options,
           Delivered delivered);

    virtual ~WebhookSender() = default;
    WebhookSender(const WebhookSender&) = delete;
    WebhookSender& operator=(const WebhookSender&) = delete;
    WebhookSender(WebhookSender&&) = delete;
    WebhookSender& operator=(WebhookSender&&) = delete;

    /// Takes a delivery; never blocks. Ids are the caller's: the sender does not check that they
    /// are unique. A delivery whose url is not configured (its webhook left the configuration
    /// since it was queued) is logged, dropped and reported delivered, so it leaves the outbox.
    virtual void send(WebhookDelivery delivery) = 0;
    /// Any thread.
    [[nodiscard]] virtual WebhookStats stats() const noexcept = 0;

protected:
    WebhookSender() = default;
};

} // namespace dcvd::checker
