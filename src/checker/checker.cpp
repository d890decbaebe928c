// checker/checker.cpp: the checker's thread: its loop, DNS client and scheduler, built, run and
// destroyed on that thread; other threads reach it through two uv::Async handles.
#include "dcvd/checker/checker.hpp"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "dcvd/base/clock.hpp"
#include "dcvd/base/log.hpp"
#include "dcvd/base/thread_role.hpp"
#include "dcvd/checker/webhook_payload.hpp"
#include "dcvd/checker/webhook_sender.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/outbox.hpp"
#include "delegation_check.hpp"
#include "scheduler.hpp"

namespace dcvd::checker {
namespace {

// CheckerStats as the loop thread counts it and any thread reads it.
struct Counters {
    std::atomic<std::uint64_t> checks{0};
    std::array<std::atomic<std::uint64_t>, store::all_delegation_states.size()> moves_to{};

    void count(const RecordedCheck& recorded) noexcept {
        checks.fetch_add(1, std::memory_order_relaxed);
        if (recorded.moved) {
            moves_to[static_cast<std::size_t>(recorded.moved->to)].fetch_add(
                1, std::memory_order_relaxed);
        }
    }
};

struct Request {
    store::Key key;
    CheckNowDone done;
};

base::Result<ProbeOptions> probe_options(const CheckerOptions& options) {
    ProbeOptions probe;
    probe.mode = options.mode == mode_resolver ? CheckMode::Resolver : CheckMode::Authoritative;
    probe.authority_port = options.authority_port;
    for (const std::string& text : options.resolvers) {
        auto resolver = uv::Endpoint::parse(text);
        if (!resolver) {
            return base::unexpected(base::ErrorCode::Invalid,
                                    fmt::format("checker.resolvers: {}", resolver.error().message));
        }
        probe.resolvers.push_back(*resolver);
    }
    if (probe.resolvers.empty()) {
        return base::unexpected(base::ErrorCode::Invalid, "checker.resolvers: none given");
    }
    return probe;
}

base::Result<std::shared_ptr<const Edge>> edge_of(const EdgeOptions& options) {
    std::vector<base::Cidr> ranges;
    for (const std::string& text : options.addresses) {
        auto range = base::Cidr::parse(text);
        if (!range) {
            return base::unexpected(base::ErrorCode::Invalid,
                                    fmt::format("edge.addresses: '{}' is not a CIDR prefix", text));
        }
        ranges.push_back(*range);
    }
    auto edge = Edge::make(options.cname_suffixes, std::move(ranges));
    if (!edge) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("edge.cname_suffixes: {}", edge.error().message));
    }
    return std::make_shared<const Edge>(std::move(*edge));
}

/// The loop thread's objects.
class LoopState {
public:
    LoopState(const CheckerOptions& options, ProbeOptions probe, std::shared_ptr<const Edge> edge,
              wire::Name apex, std::vector<WebhookOptions> webhooks)
        : options_(options), probe_(std::move(probe)), edge_(std::move(edge)),
          apex_(std::move(apex)), webhooks_(std::move(webhooks)) {}

    base::Result<void> open(store::Env& env, store::Writer& writer, bool scheduled,
                            Checker::OnRecorded on_recorded, Counters& counters) {
        client_ = std::make_unique<DnsClient>(
            loop_, DnsClientOptions{options_.query_timeout, options_.query_attempts,
                                    options_.max_queries_in_flight, 1232});
        Scheduler::Parts parts;
        parts.env = &env;
        parts.submit = [&writer](store::WriteOp op, store::WriteCompletion completion) {
            writer.submit(std::move(op), std::move(completion));
        };
        parts.run_check = [this](const store::Delegation& delegation,
                                 std::function<void(CheckOutcome)> finished) {
            run_check(delegation, std::move(finished));
        };
        parts.notify = [this](const std::string& host, const Transition& moved) {
            std::vector<store::OutboxMessage> messages;
            const std::string body = transition_payload(host, moved);
            for (const WebhookOptions& webhook : webhooks_) {
                messages.push_back(store::OutboxMessage{webhook.url, body});
            }
            return messages;
        };
        parts.on_recorded = [this, on_recorded = std::move(on_recorded),
                             &counters](const RecordedCheck& recorded) {
            counters.count(recorded);
            // After every check, not only moves: entries `dcvd delegation check` wrote are
            // picked up too. One read transaction that finds nothing, most of the time.
            send_outbox();
            if (on_recorded) {
                on_recorded(recorded);
            }
        };
        parts.now = [] { return base::unix_now(); };
        auto scheduler = Scheduler::create(loop_, options_, std::move(parts));
        if (!scheduler) {
            return base::unexpected(std::move(scheduler).error());
        }
        scheduler_ = std::move(*scheduler);
        auto requests = uv::Async::create(loop_, [this] { take_requests(); });
        auto stop = uv::Async::create(loop_, [this] { close_all(); });
        if (!requests || !stop) {
            return base::unexpected(base::ErrorCode::Unavailable,
                                    "checker: cannot create its loop's wake-ups");
        }
        requests_wake_ = std::move(*requests);
        stop_signal_ = std::move(*stop);
        // Only the scheduled checker delivers: an on-demand one (the CLI) would race the
        // server's sender over the same entries and exit before its retries.
        if (scheduled && !webhooks_.empty()) {
            auto sender =
                WebhookSender::create(loop_, webhooks_, WebhookSenderOptions{},
                                      [this, &writer](std::uint64_t id) { delivered(writer, id); });
            if (!sender) {
                return base::unexpected(std::move(sender).error());
            }
            sender_ = std::move(*sender);
            env_ = &env;
            send_outbox(); // what an earlier run left undelivered
        }
        if (scheduled) {
            scheduler_->start();
        }
        return {};
    }

    void run() noexcept { loop_.run(); }

    /// Any thread.
    void request(Request request) {
        {
            const std::lock_guard lock(mutex_);
            if (!accepting_) {
                request.done(
                    base::unexpected(base::ErrorCode::Unavailable, "the checker is stopping"));
                return;
            }
            requests_.push_back(std::move(request));
        }
        requests_wake_->send();
    }
    /// Any thread.
    void request_stop() noexcept { stop_signal_->send(); }

private:
    void run_check(const store::Delegation& delegation,
                   std::function<void(CheckOutcome)> finished) {
        auto target = naming::target_for(delegation.host, apex_);
        if (!target) {
            finished(CheckOutcome{ChallengeVerdict::Unknown, HostVerdict::Unknown,
                                  target.error().message});
            return;
        }
        check_delegation(*client_, probe_, delegation.host, target->name.to_text(), edge_,
                         [finished = std::move(finished)](DelegationCheck check) {
                             finished(std::move(check.outcome));
                         });
    }

    // Hands the sender every outbox entry it has not had yet (ids only grow).
    void send_outbox() {
        if (!sender_) {
            return;
        }
        constexpr std::size_t batch = 1000;
        while (true) {
            auto entries = store::outbox_after(*env_, last_sent_, batch);
            if (!entries) {
                base::logger("webhook")->warn("cannot read the outbox: {}",
                                              entries.error().message);
                return;
            }
            for (store::OutboxEntry& entry : *entries) {
                last_sent_ = entry.id;
                sender_->send(
                    WebhookDelivery{entry.id, std::move(entry.url), std::move(entry.body)});
            }
            if (entries->size() < batch) {
                return;
            }
        }
    }

    static void delivered(store::Writer& writer, std::uint64_t id) {
        writer.submit(store::DeleteOutbox{id}, [id](base::Result<store::WriteOutcome> outcome) {
            if (!outcome) {
                // It stays in the outbox and is sent again after a restart.
                base::logger("webhook")->warn("delivered id={} but not removed from the outbox: {}",
                                              id, outcome.error().message);
            }
        });
    }

    void take_requests() {
        std::vector<Request> taken;
        {
            const std::lock_guard lock(mutex_);
            taken.swap(requests_);
        }
        for (Request& request : taken) {
            scheduler_->check_now(std::move(request.key), std::move(request.done));
        }
    }

    void close_all() noexcept {
        std::vector<Request> abandoned;
        {
            const std::lock_guard lock(mutex_);
            accepting_ = false;
            abandoned.swap(requests_);
        }
        for (Request& request : abandoned) {
            request.done(base::unexpected(base::ErrorCode::Unavailable, "the checker is stopping"));
        }
        client_.reset(); // first: its callbacks lead into the scheduler, and now never run
        scheduler_.reset();
        sender_.reset(); // deliveries under way stay in the outbox
        requests_wake_.reset();
        stop_signal_.reset();
    }

    uv::Loop loop_;
    CheckerOptions options_;
    ProbeOptions probe_;
    std::shared_ptr<const Edge> edge_;
    wire::Name apex_;
    std::unique_ptr<DnsClient> client_;
    std::unique_ptr<Scheduler> scheduler_;
    std::vector<WebhookOptions> webhooks_;
    std::unique_ptr<WebhookSender> sender_;
    store::Env* env_ = nullptr;
    std::uint64_t last_sent_ = 0; ///< the highest outbox id handed to the sender
    uv::Owned<uv::Async> requests_wake_;
    uv::Owned<uv::Async> stop_signal_;
    std::mutex mutex_;
    std::vector<Request> requests_;
    bool accepting_ = true;
};

} // namespace

struct Checker::Impl {
    std::thread thread;
    LoopState* state = nullptr;
    Counters counters;
};

base::Result<std::unique_ptr<Checker>>
Checker::start(const CheckerOptions& options, const EdgeOptions& edge,
               const std::vector<WebhookOptions>& webhooks, const wire::Name& apex, store::Env& env,
               store::Writer& writer, Mode mode, OnRecorded on_recorded) {
    auto probe = probe_options(options);
    if (!probe) {
        return base::unexpected(std::move(probe).error());
    }
    auto edge_ranges = edge_of(edge);
    if (!edge_ranges) {
        return base::unexpected(std::move(edge_ranges).error());
    }
    auto impl = std::make_unique<Impl>();
    std::promise<base::Result<LoopState*>> ready;
    auto started = ready.get_future();
    Impl* raw = impl.get();
    impl->thread = std::thread(
        [&, raw, probe = std::move(*probe), edge_ranges = std::move(*edge_ranges)]() mutable {
            base::become_background_thread("dcvd-checker");
            try {
                LoopState state(options, std::move(probe), std::move(edge_ranges), apex.lowered(),
                                webhooks);
                if (auto opened = state.open(env, writer, mode == Mode::Scheduled,
                                             std::move(on_recorded), raw->counters);
                    !opened) {
                    ready.set_value(base::unexpected(std::move(opened).error()));
                    return;
                }
                ready.set_value(&state);
                state.run();
            } catch (const std::exception& failure) {
                ready.set_value(base::unexpected(base::ErrorCode::Unavailable,
                                                 fmt::format("checker: {}", failure.what())));
            }
        });
    auto state = started.get();
    if (!state) {
        impl->thread.join();
        return base::unexpected(std::move(state).error());
    }
    impl->state = *state;
    base::logger("checker")->info("checker started schedule={} mode={} resolvers={} "
                                  "edge_names={} edge_ranges={}",
                                  mode == Mode::Scheduled ? "on" : "on-demand", options.mode,
                                  options.resolvers.size(), edge.cname_suffixes.size(),
                                  edge.addresses.size());
    return std::unique_ptr<Checker>(new Checker(std::move(impl)));
}

Checker::Checker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Checker::~Checker() {
    impl_->state->request_stop();
    impl_->thread.join();
    base::logger("checker")->info("checker stopped checks={}", stats().checks);
}

void Checker::check_now(store::Key key, CheckNowDone done) {
    impl_->state->request(Request{std::move(key), std::move(done)});
}

CheckerStats Checker::stats() const noexcept {
    CheckerStats stats;
    stats.checks = impl_->counters.checks.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < stats.moves_to.size(); ++i) {
        stats.moves_to[i] = impl_->counters.moves_to[i].load(std::memory_order_relaxed);
    }
    return stats;
}

} // namespace dcvd::checker
