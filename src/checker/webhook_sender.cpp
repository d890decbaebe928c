// checker/webhook_sender.cpp: deliveries wait in order for one of max_in_flight places on the
// wire; each attempt is one curl transfer on the loop (curl_loop.hpp); a failed one waits its
// backoff in a map ordered by due time, under one loop timer that also reports dropped
// deliveries (never from inside send()).
#include "dcvd/checker/webhook_sender.hpp"

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <spdlog/logger.h>

#include "curl_handles.hpp"
#include "curl_loop.hpp"
#include "dcvd/base/log.hpp"
#include "dcvd/crypto/hex.hpp"
#include "dcvd/crypto/hmac.hpp"
#include "dcvd/metrics/instruments.hpp"
#include "dcvd/uv/timer.hpp"
#include "webhook_backoff.hpp"

namespace dcvd::checker {
namespace {

/// A url as the logs show it: without its query or fragment, which may carry a token.
std::string_view shown_url(std::string_view url) noexcept {
    return url.substr(0, url.find_first_of("?#"));
}

struct Webhook {
    std::string secret;
};

struct Pending {
    WebhookDelivery delivery;
    unsigned failed = 0; ///< attempts failed so far
};

/// One attempt on the wire: the easy handle and what curl points into (the body stays in
/// `pending`, the headers, the error text). On the heap, so those pointers stay put.
struct Transfer {
    Pending pending;
    CurlEasy easy;
    CurlHeaders headers;
    std::array<char, CURL_ERROR_SIZE> error{};
    std::size_t response_bytes = 0;
    std::size_t max_response_bytes = 0;
    bool is_cut_off = false; ///< the response body passed max_response_bytes
};

/// Counts the response body and discards it (a receiver's reply says nothing we keep), cutting
/// the transfer off past the cap: returning less than given makes curl fail with
/// CURLE_WRITE_ERROR.
std::size_t on_response_body(char*, std::size_t size, std::size_t count, void* data) noexcept {
    auto& transfer = *static_cast<Transfer*>(data);
    const std::size_t bytes = size * count;
    transfer.response_bytes += bytes;
    if (transfer.response_bytes > transfer.max_response_bytes) {
        transfer.is_cut_off = true;
        return 0;
    }
    return bytes;
}

base::Result<void> add_header(CurlHeaders& headers, const std::string& line) {
    // curl_slist_append returns the list's head (a new one for an empty list), or null leaving
    // the list as it was.
    curl_slist* head = curl_slist_append(headers.get(), line.c_str());
    if (head == nullptr) {
        return base::unexpected(base::ErrorCode::Unavailable, "curl_slist_append failed");
    }
    if (!headers) {
        headers.reset(head);
    }
    return {};
}

/// Makes the easy handle of one signed POST.
base::Result<void> prepare(Transfer& transfer, const Webhook& webhook,
                           const WebhookSenderOptions& options) {
    transfer.easy.reset(curl_easy_init());
    if (!transfer.easy) {
        return base::unexpected(base::ErrorCode::Unavailable, "curl_easy_init failed");
    }
    const WebhookDelivery& delivery = transfer.pending.delivery;
    const std::string signature =
        "X-Dcvd-Signature: sha256=" +
        crypto::to_hex(crypto::hmac_sha256(webhook.secret, delivery.body));
    // "Expect:" drops the "Expect: 100-continue" curl sends before a body over 1 KiB, which
    // would cost a round trip, or a second, with a receiver that does not answer it.
    for (const std::string& line :
         {std::string("Content-Type: application/json"), signature, std::string("Expect:")}) {
        if (auto added = add_header(transfer.headers, line); !added) {
            return added;
        }
    }
    CURL* easy = transfer.easy.get();
    const auto milliseconds = [](std::chrono::milliseconds duration) {
        return static_cast<long>(duration.count());
    };
    // A braced list is evaluated in order. curl copies the strings; the body and the header list
    // it only points at, and both live in `transfer`.
    const std::array codes{
        curl_easy_setopt(easy, CURLOPT_URL, delivery.url.c_str()),
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
        curl_easy_setopt(easy, CURLOPT_POST, 1L),
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, delivery.body.data()),
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(delivery.body.size())),
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers.get()),
        curl_easy_setopt(easy, CURLOPT_USERAGENT, "dcvd"),
        // A redirect is a failed attempt: the signed body goes to the configured url only.
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L),
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(options.connect_timeout)),
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, milliseconds(options.request_timeout)),
        // No signals from a process with threads (timeouts need none with the threaded
        // resolver); serve ignores SIGPIPE itself.
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L),
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_response_body),
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer),
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error.data()),
    };
    for (const CURLcode code : codes) {
        if (code != CURLE_OK) {
            return base::unexpected(base::ErrorCode::Unavailable,
                                    fmt::format("curl_easy_setopt: {}", curl_easy_strerror(code)));
        }
    }
    return {};
}

class CurlWebhookSender final : public WebhookSender {
public:
    CurlWebhookSender(uv::Loop& loop, WebhookSenderOptions options, Delivered delivered,
                      std::unordered_map<std::string, Webhook> webhooks)
        : loop_(loop), options_(options), delivered_(std::move(delivered)),
          webhooks_(std::move(webhooks)), log_(base::logger("webhook")) {}
    ~CurlWebhookSender() override;
    CurlWebhookSender(const CurlWebhookSender&) = delete;
    CurlWebhookSender& operator=(const CurlWebhookSender&) = delete;
    CurlWebhookSender(CurlWebhookSender&&) = delete;
    CurlWebhookSender& operator=(CurlWebhookSender&&) = delete;

    /// Makes the timer and the curl multi handle, which call back into this object.
    [[nodiscard]] base::Result<void> start();
    void send(WebhookDelivery delivery) override;
    [[nodiscard]] WebhookStats stats() const noexcept override;

private:
    void pump();
    void attempt(Pending pending);
    void on_done(CURL* easy, CURLcode result);
    void retry_later(Pending pending, const std::string& what);
    void on_wake();
    /// Sets the wake timer for the next due retry, or at once when drops wait to be reported.
    void arm_wake() noexcept;

    uv::Loop& loop_;
    WebhookSenderOptions options_;
    Delivered delivered_;
    const std::unordered_map<std::string, Webhook> webhooks_; ///< by url
    std::shared_ptr<spdlog::logger> log_;

    std::deque<Pending> waiting_;                       ///< for a place on the wire, in order
    std::multimap<std::uint64_t, Pending> backing_off_; ///< by due time (loop milliseconds)
    std::vector<std::uint64_t> dropped_;                ///< ids to report from the next wake
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;

    // Read by stats() from any thread.
    metrics::Counter attempts_;
    metrics::Counter delivered_count_;
    metrics::Counter failed_attempts_;
    metrics::Counter dropped_count_;
    std::atomic<std::uint64_t> queued_{0};

    uv::Owned<uv::Timer> wake_;
    std::unique_ptr<CurlLoop> curl_;
};

base::Result<void> CurlWebhookSender::start() {
    auto wake = uv::Timer::create(loop_, [this] { on_wake(); });
    if (!wake) {
        return base::Unexpected{std::move(wake).error()};
    }
    wake_ = std::move(*wake);
    auto curl =
        CurlLoop::create(loop_, [this](CURL* easy, CURLcode result) { on_done(easy, result); });
    if (!curl) {
        return base::Unexpected{std::move(curl).error()};
    }
    curl_ = std::move(*curl);
    return {};
}

CurlWebhookSender::~CurlWebhookSender() {
    // curl_multi_cleanup wants every easy handle removed first, and an easy handle must leave
    // the multi handle before it is cleaned up.
    if (curl_) {
        for (const auto& [easy, transfer] : transfers_) {
            curl_->remove(easy);
        }
    }
    transfers_.clear();
    curl_.reset();
}

void CurlWebhookSender::send(WebhookDelivery delivery) {
    if (!webhooks_.contains(delivery.url)) {
        log_->warn("webhook delivery dropped id={} url={} reason=\"url not configured\"",
                   delivery.id, shown_url(delivery.url));
        dropped_count_.add();
        dropped_.push_back(delivery.id);
        arm_wake();
        return;
    }
    queued_.fetch_add(1, std::memory_order_relaxed);
    waiting_.push_back(Pending{std::move(delivery), 0});
    pump();
}

WebhookStats CurlWebhookSender::stats() const noexcept {
    return WebhookStats{attempts_.get(), delivered_count_.get(), failed_attempts_.get(),
                        dropped_count_.get(), queued_.load(std::memory_order_relaxed)};
}

void CurlWebhookSender::pump() {
    while (!waiting_.empty() && transfers_.size() < options_.max_in_flight) {
        Pending next = std::move(waiting_.front());
        waiting_.pop_front();
        attempt(std::move(next));
    }
}

void CurlWebhookSender::attempt(Pending pending) {
    attempts_.add();
    auto transfer = std::make_unique<Transfer>();
    transfer->pending = std::move(pending);
    transfer->max_response_bytes = options_.max_response_bytes;
    const Webhook& webhook = webhooks_.at(transfer->pending.delivery.url); // send() checked
    auto started = prepare(*transfer, webhook, options_);
    if (started) {
        started = curl_->add(transfer->easy.get());
    }
    if (!started) {
        retry_later(std::move(transfer->pending),
                    fmt::format("error=\"{}\"", started.error().message));
        return;
    }
    CURL* easy = transfer->easy.get();
    transfers_.emplace(easy, std::move(transfer));
}

void CurlWebhookSender::on_done(CURL* easy, CURLcode result) {
    auto node = transfers_.extract(easy);
    if (node.empty()) {
        return; // not ours: cannot happen, as only attempt() adds transfers
    }
    const std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    long status = 0;
    static_cast<void>(curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status));
    // A body cut off at the cap still came with its status, which is the receiver's answer.
    const bool is_answered =
        result == CURLE_OK || (result == CURLE_WRITE_ERROR && transfer->is_cut_off);
    Pending pending = std::move(transfer->pending);
    if (is_answered && status >= 200 && status <= 299) {
        queued_.fetch_sub(1, std::memory_order_relaxed);
        delivered_count_.add();
        const unsigned attempts = pending.failed + 1;
        // A recovery is news to whoever saw the failures; a first-time success is routine.
        log_->log(attempts > 1 ? spdlog::level::info : spdlog::level::debug,
                  "webhook delivered id={} url={} status={} attempts={}", pending.delivery.id,
                  shown_url(pending.delivery.url), status, attempts);
        delivered_(pending.delivery.id);
    } else if (is_answered) {
        retry_later(std::move(pending), fmt::format("status={}", status));
    } else {
        const char* reason =
            transfer->error[0] != '\0' ? transfer->error.data() : curl_easy_strerror(result);
        retry_later(std::move(pending), status > 0
                                            ? fmt::format("status={} error=\"{}\"", status, reason)
                                            : fmt::format("error=\"{}\"", reason));
    }
    pump();
}

void CurlWebhookSender::retry_later(Pending pending, const std::string& what) {
    ++pending.failed;
    failed_attempts_.add();
    const auto delay = retry_delay(pending.failed, options_.first_retry, options_.max_retry);
    log_->warn("webhook attempt failed id={} url={} {} attempt={} retry_in={:g}s",
               pending.delivery.id, shown_url(pending.delivery.url), what, pending.failed,
               std::chrono::duration<double>(delay).count());
    backing_off_.emplace(loop_.now_ms() + static_cast<std::uint64_t>(delay.count()),
                         std::move(pending));
    arm_wake();
}

void CurlWebhookSender::on_wake() {
    const std::uint64_t now = loop_.now_ms();
    while (!backing_off_.empty() && backing_off_.begin()->first <= now) {
        waiting_.push_back(std::move(backing_off_.begin()->second));
        backing_off_.erase(backing_off_.begin());
    }
    // Swapped out first: the callback may send() more, which may drop more.
    for (const std::uint64_t id : std::exchange(dropped_, {})) {
        delivered_(id);
    }
    pump();
    arm_wake();
}

void CurlWebhookSender::arm_wake() noexcept {
    if (!dropped_.empty()) {
        wake_->start(std::chrono::milliseconds(0));
    } else if (backing_off_.empty()) {
        wake_->stop();
    } else {
        const std::uint64_t due = backing_off_.begin()->first;
        const std::uint64_t now = loop_.now_ms();
        wake_->start(std::chrono::milliseconds(due > now ? due - now : 0));
    }
}

} // namespace

base::Result<void> init_curl() {
    // A function-local static: initialised once, and thread-safely, on the first call.
    static const CURLcode initialised = [] {
        const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
        const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
        if (code == CURLE_OK && (info->features & CURL_VERSION_ASYNCHDNS) == 0) {
            base::logger("webhook")->warn(
                "libcurl resolves names synchronously: a webhook host slow to resolve stalls the "
                "checker version={}",
                info->version);
        }
        return code;
    }();
    if (initialised != CURLE_OK) {
        return base::unexpected(
            base::ErrorCode::Unavailable,
            fmt::format("curl_global_init: {}", curl_easy_strerror(initialised)));
    }
    return {};
}

base::Result<std::unique_ptr<WebhookSender>>
WebhookSender::create(uv::Loop& loop, std::vector<WebhookOptions> webhooks,
                      WebhookSenderOptions options, Delivered delivered) {
    using std::chrono::milliseconds;
    if (options.connect_timeout <= milliseconds(0) || options.request_timeout <= milliseconds(0) ||
        options.first_retry <= milliseconds(0) || options.max_retry < options.first_retry ||
        options.max_in_flight == 0) {
        return base::unexpected(base::ErrorCode::Invalid,
                                "webhook sender: timeouts, first_retry and max_in_flight must be "
                                "positive, and max_retry at least first_retry");
    }
    std::unordered_map<std::string, Webhook> by_url;
    for (WebhookOptions& webhook : webhooks) {
        if (!by_url.emplace(webhook.url, Webhook{std::move(webhook.secret)}).second) {
            return base::unexpected(
                base::ErrorCode::Invalid,
                fmt::format("webhook url {} is configured twice", shown_url(webhook.url)));
        }
    }
    if (auto initialised = init_curl(); !initialised) {
        return base::Unexpected{std::move(initialised).error()};
    }
    auto sender =
        std::make_unique<CurlWebhookSender>(loop, options, std::move(delivered), std::move(by_url));
    if (auto started = sender->start(); !started) {
        return base::Unexpected{std::move(started).error()};
    }
    return std::unique_ptr<WebhookSender>(std::move(sender));
}

} // namespace dcvd::checker
