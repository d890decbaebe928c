// tests/unit/checker/webhook_sender_test.cpp: the webhook sender against scripted receivers on
// loopback: the signed POST, retries after error statuses, timeouts and refused connections, the
// loop left free while a receiver stalls, one delivery per url, drops, redirects not followed,
// the bound on POSTs in flight, the response cap, the backoff and the options.
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dcvd/checker/webhook_metrics.hpp"
#include "dcvd/checker/webhook_payload.hpp"
#include "dcvd/checker/webhook_sender.hpp"
#include "dcvd/crypto/hex.hpp"
#include "dcvd/crypto/hmac.hpp"
#include "dcvd/metrics/text.hpp"
#include "dcvd/uv/timer.hpp"
#include "fake_http_receiver.hpp"
#include "webhook_backoff.hpp"

namespace dcvd::checker {
namespace {

using namespace std::chrono_literals;
using test::Answer;
using test::DeadPort;
using test::FakeHttpReceiver;
using test::ReceivedRequest;

const std::string secret = "0123456789abcdef-webhook-secret";

const std::string body = transition_payload(
    "www.example.com",
    store::Transition{store::DelegationState::Pending, store::DelegationState::Delegated,
                      store::StaleReason::None, 1796314800, "CNAME seen on 2 of 2 nameservers"});

// Short everything, so that a retry or a timeout costs tens of milliseconds.
WebhookSenderOptions quick_options() {
    WebhookSenderOptions options;
    options.connect_timeout = 1000ms;
    options.request_timeout = 300ms;
    options.first_retry = 10ms;
    options.max_retry = 40ms;
    return options;
}

std::string signature_of(std::string_view key, std::string_view text) {
    return "sha256=" + crypto::to_hex(crypto::hmac_sha256(key, text));
}

Answer status(int code) {
    return Answer{code, "", ""};
}

/// Runs `loop` until `done` holds or `limit` passes; a ticker wakes it every few milliseconds,
/// so that what a receiver's thread did is seen even while the loop waits on a stalled socket.
bool run_until(uv::Loop& loop, const std::function<bool()>& done,
               std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    uv::Timer* ticker = nullptr;
    auto owned = uv::Timer::create(loop, [&ticker] { ticker->start(5ms); });
    REQUIRE(owned);
    ticker = owned->get();
    ticker->start(5ms);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        uv_run(loop.get(), UV_RUN_ONCE);
    }
    return done();
}

/// A sender on a loop of its own, recording the ids it reports delivered. Members go in reverse:
/// the sender before its loop.
struct Harness {
    explicit Harness(std::vector<WebhookOptions> webhooks,
                     WebhookSenderOptions options = quick_options()) {
        auto created = WebhookSender::create(loop, std::move(webhooks), options,
                                             [this](std::uint64_t id) { delivered.push_back(id); });
        REQUIRE(created);
        sender = std::move(*created);
    }
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        return checker::run_until(loop, done, limit);
    }
    [[nodiscard]] WebhookStats stats() const { return sender->stats(); }

    uv::Loop loop;
    std::vector<std::uint64_t> delivered;
    std::unique_ptr<WebhookSender> sender;
};

} // namespace

TEST_CASE("a delivery is POSTed as JSON with X-Dcvd-Signature: the HMAC-SHA256 of its body",
          "[checker][webhook]") {
    FakeHttpReceiver receiver([](const ReceivedRequest&, std::size_t) { return status(204); });
    Harness harness({{receiver.url(), secret}});
    harness.sender->send({7, receiver.url(), body});
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(harness.delivered == std::vector<std::uint64_t>{7});
    const auto received = receiver.received();
    REQUIRE(received.size() == 1);
    const ReceivedRequest& request = received[0];
    CHECK(request.method == "POST");
    CHECK(request.target == "/hook");
    CHECK(request.body == body);
    CHECK(request.headers.at("content-type") == "application/json");
    CHECK(request.headers.at("x-dcvd-signature") == signature_of(secret, body));
    CHECK_FALSE(request.headers.contains("expect"));
    const auto stats = harness.stats();
    CHECK(stats.attempts == 1);
    CHECK(stats.delivered == 1);
    CHECK(stats.failed_attempts == 0);
    CHECK(stats.queued == 0);
}

TEST_CASE("a receiver answering 500 twice, then 200, gets three attempts and one callback",
          "[checker][webhook]") {
    FakeHttpReceiver receiver(
        [](const ReceivedRequest&, std::size_t index) { return status(index < 2 ? 500 : 200); });
    Harness harness({{receiver.url(), secret}});
    harness.sender->send({1, receiver.url(), body});
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(harness.delivered == std::vector<std::uint64_t>{1});
    const auto received = receiver.received();
    REQUIRE(received.size() == 3);
    for (const ReceivedRequest& request : received) {
        CHECK(request.body == body); // every attempt carries the same signed body
        CHECK(request.headers.at("x-dcvd-signature") == signature_of(secret, body));
    }
    const auto stats = harness.stats();
    CHECK(stats.attempts == 3);
    CHECK(stats.failed_attempts == 2);
    CHECK(stats.delivered == 1);
    CHECK(stats.queued == 0);
}

TEST_CASE("a receiver that never answers times out, and the delivery is retried",
          "[checker][webhook]") {
    FakeHttpReceiver receiver(
        [](const ReceivedRequest&, std::size_t index) { return status(index == 0 ? 0 : 200); });
    auto options = quick_options();
    options.request_timeout = 150ms;
    Harness harness({{receiver.url(), secret}}, options);
    harness.sender->send({2, receiver.url(), body});
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(receiver.count() == 2);
    CHECK(harness.stats().failed_attempts == 1);
    CHECK(harness.stats().delivered == 1);
}

TEST_CASE("a refused connection is a failed attempt, retried with backoff", "[checker][webhook]") {
    const DeadPort dead;
    Harness harness({{dead.url(), secret}});
    harness.sender->send({3, dead.url(), body});
    REQUIRE(harness.run_until([&] { return harness.stats().failed_attempts >= 3; }));

    CHECK(harness.delivered.empty());
    const auto stats = harness.stats();
    CHECK(stats.delivered == 0);
    CHECK(stats.queued == 1);
    CHECK(stats.attempts >= stats.failed_attempts);
    // The harness then destroys the sender with the delivery still backing off.
}

TEST_CASE("the loop keeps running while a receiver stalls", "[checker][webhook]") {
    FakeHttpReceiver receiver([](const ReceivedRequest&, std::size_t) { return status(0); });
    auto options = quick_options();
    options.request_timeout = 5s; // longer than the test: the POST stays on the wire
    Harness harness({{receiver.url(), secret}}, options);

    unsigned ticks = 0;
    uv::Timer* ticker = nullptr;
    auto owned = uv::Timer::create(harness.loop, [&] {
        ++ticks;
        ticker->start(2ms);
    });
    REQUIRE(owned);
    ticker = owned->get();
    ticker->start(2ms);

    harness.sender->send({4, receiver.url(), body});
    std::optional<unsigned> ticks_when_received;
    REQUIRE(harness.run_until([&] {
        if (!ticks_when_received && receiver.count() == 1) {
            ticks_when_received = ticks;
        }
        return ticks_when_received && ticks >= *ticks_when_received + 10;
    }));
    // Ten turns of a timer on the same loop while the receiver holds the request.
    const auto stats = harness.stats();
    CHECK(stats.attempts == 1);
    CHECK(stats.failed_attempts == 0);
    CHECK(stats.queued == 1);
    CHECK(harness.delivered.empty());
}

TEST_CASE("each webhook gets its own delivery, signed with its own secret", "[checker][webhook]") {
    const std::string other_secret = "another-secret-for-the-second";
    FakeHttpReceiver first([](const ReceivedRequest&, std::size_t) { return status(200); });
    FakeHttpReceiver second([](const ReceivedRequest&, std::size_t) { return status(202); });
    Harness harness({{first.url(), secret}, {second.url("/second"), other_secret}});
    harness.sender->send({10, first.url(), body});
    harness.sender->send({11, second.url("/second"), body});
    REQUIRE(harness.run_until([&] { return harness.delivered.size() == 2; }));

    std::sort(harness.delivered.begin(), harness.delivered.end());
    CHECK(harness.delivered == std::vector<std::uint64_t>{10, 11});
    const auto to_first = first.received();
    const auto to_second = second.received();
    REQUIRE(to_first.size() == 1);
    REQUIRE(to_second.size() == 1);
    CHECK(to_first[0].headers.at("x-dcvd-signature") == signature_of(secret, body));
    CHECK(to_second[0].target == "/second");
    CHECK(to_second[0].headers.at("x-dcvd-signature") == signature_of(other_secret, body));
}

TEST_CASE("a delivery for a url not configured is dropped and reported delivered, after send()",
          "[checker][webhook]") {
    FakeHttpReceiver receiver([](const ReceivedRequest&, std::size_t) { return status(200); });
    Harness harness({{receiver.url(), secret}});
    harness.sender->send({5, receiver.url("/removed?token=t0ps3cret"), body});
    CHECK(harness.delivered.empty()); // never from inside send()
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(harness.delivered == std::vector<std::uint64_t>{5});
    CHECK(receiver.count() == 0);
    const auto stats = harness.stats();
    CHECK(stats.dropped == 1);
    CHECK(stats.attempts == 0);
    CHECK(stats.queued == 0);
}

TEST_CASE("a redirect is not followed: a 3xx is a failed attempt at the configured url",
          "[checker][webhook]") {
    FakeHttpReceiver elsewhere([](const ReceivedRequest&, std::size_t) { return status(200); });
    const std::string location = "Location: " + elsewhere.url() + "\r\n";
    FakeHttpReceiver receiver([&location](const ReceivedRequest&, std::size_t index) {
        return index == 0 ? Answer{307, "", location} : status(200);
    });
    Harness harness({{receiver.url(), secret}});
    harness.sender->send({6, receiver.url(), body});
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(receiver.count() == 2);
    CHECK(elsewhere.count() == 0);
    CHECK(harness.stats().failed_attempts == 1);
}

TEST_CASE("no more than max_in_flight POSTs are on the wire; the rest wait their turn",
          "[checker][webhook]") {
    FakeHttpReceiver receiver(
        [](const ReceivedRequest&, std::size_t index) { return status(index < 2 ? 0 : 200); });
    auto options = quick_options();
    options.max_in_flight = 2;
    options.request_timeout = 300ms;
    Harness harness({{receiver.url(), secret}}, options);
    for (std::uint64_t id = 1; id <= 3; ++id) {
        harness.sender->send({id, receiver.url(), body});
    }
    REQUIRE(harness.run_until([&] { return receiver.count() == 2; }));
    CHECK(harness.stats().attempts == 2); // the third waits for a place
    CHECK(harness.stats().queued == 3);

    REQUIRE(harness.run_until([&] { return harness.delivered.size() == 3; }));
    const auto stats = harness.stats();
    CHECK(stats.attempts == 5); // two held until they timed out, then retried
    CHECK(stats.failed_attempts == 2);
    CHECK(stats.queued == 0);
}

TEST_CASE("a response body past the cap is cut off; its status still decides",
          "[checker][webhook]") {
    const std::string big(4096, 'x');
    FakeHttpReceiver receiver([&big](const ReceivedRequest&, std::size_t index) {
        return Answer{index == 0 ? 500 : 200, big, ""};
    });
    auto options = quick_options();
    options.max_response_bytes = 100;
    Harness harness({{receiver.url(), secret}}, options);
    harness.sender->send({8, receiver.url(), body});
    REQUIRE(harness.run_until([&] { return !harness.delivered.empty(); }));

    CHECK(receiver.count() == 2);
    CHECK(harness.stats().failed_attempts == 1);
    CHECK(harness.stats().delivered == 1);
}

TEST_CASE("the wait after a failed attempt doubles from first_retry up to max_retry",
          "[checker][webhook]") {
    constexpr std::chrono::milliseconds first = 1s;
    constexpr std::chrono::milliseconds max = 1h;
    CHECK(retry_delay(1, first, max) == 1s);
    CHECK(retry_delay(2, first, max) == 2s);
    CHECK(retry_delay(3, first, max) == 4s);
    CHECK(retry_delay(12, first, max) == 2048s);
    CHECK(retry_delay(13, first, max) == 1h); // 4096 s, capped
    CHECK(retry_delay(100000, first, max) == 1h);
    CHECK(retry_delay(3, 10ms, 25ms) == 25ms);
    CHECK(retry_delay(5, std::chrono::milliseconds::max() / 3, std::chrono::milliseconds::max()) ==
          std::chrono::milliseconds::max()); // no overflow on the way
}

TEST_CASE("create refuses options out of range and a url configured twice", "[checker][webhook]") {
    uv::Loop loop;
    const auto refuses = [&loop](std::vector<WebhookOptions> webhooks,
                                 WebhookSenderOptions options) {
        auto created = WebhookSender::create(loop, std::move(webhooks), options, {});
        return !created && created.error().code == base::ErrorCode::Invalid;
    };
    const std::vector<WebhookOptions> one{{"http://127.0.0.1:9/hook", secret}};
    auto options = quick_options();
    options.first_retry = 0ms;
    CHECK(refuses(one, options));
    options = quick_options();
    options.max_retry = options.first_retry / 2;
    CHECK(refuses(one, options));
    options = quick_options();
    options.max_in_flight = 0;
    CHECK(refuses(one, options));
    options = quick_options();
    options.request_timeout = 0ms;
    CHECK(refuses(one, options));
    CHECK(refuses({one[0], {one[0].url, "a-different-secret-value"}}, quick_options()));
    CHECK(WebhookSender::create(loop, one, quick_options(), {}).has_value());
}

TEST_CASE("the sender's counters are written as dcvd_checker_webhook_* series",
          "[checker][webhook]") {
    metrics::Text text;
    write_metrics(WebhookStats{5, 3, 2, 1, 4}, text);
    const std::string& out = text.str();
    CHECK_THAT(out, Catch::Matchers::Contains("dcvd_checker_webhook_attempts_total 5\n"));
    CHECK_THAT(out, Catch::Matchers::Contains("dcvd_checker_webhook_delivered_total 3\n"));
    CHECK_THAT(out, Catch::Matchers::Contains("dcvd_checker_webhook_failed_attempts_total 2\n"));
    CHECK_THAT(out, Catch::Matchers::Contains("dcvd_checker_webhook_dropped_total 1\n"));
    CHECK_THAT(out,
               Catch::Matchers::Contains("# TYPE dcvd_checker_webhook_queued_deliveries gauge"));
    CHECK_THAT(out, Catch::Matchers::Contains("dcvd_checker_webhook_queued_deliveries 4\n"));
}

} // namespace dcvd::checker
