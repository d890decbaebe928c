// checker/scheduler.hpp: runs the checks that are due, on the checker's loop. Each tick reads
// from the start of the check schedule only the delegations due (never all of them), starts up
// to max_checks_in_flight checks, applies each result to the state rules, and records it
// through the writer; a delegation stays in flight until its record is committed, so it is
// never checked twice at once. check_now runs one at once (the API, the CLI).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/checker/checker.hpp"
#include "dcvd/checker/options.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/uv/async.hpp"
#include "dcvd/uv/timer.hpp"
#include "delegation_state.hpp"

namespace dcvd::checker {

class Scheduler {
public:
    using Now = std::function<std::uint64_t()>; ///< Unix seconds (a fake clock in tests)
    /// The DNS part of a check (check_delegation in service; scripted in tests): calls `done`
    /// exactly once on the loop thread.
    using RunCheck =
        std::function<void(const store::Delegation&, std::function<void(CheckOutcome)> done)>;
    /// Queues a write; the completion may run on any thread.
    using Submit = std::function<void(store::WriteOp, store::WriteCompletion)>;
    /// Every recorded check, on the loop thread (webhooks and metrics hang here).
    using OnRecorded = std::function<void(const RecordedCheck&)>;

    /// The webhook deliveries of a confirmed transition (none without webhooks).
    using Notify = std::function<std::vector<store::OutboxMessage>(const std::string& host,
                                                                   const Transition& moved)>;

    struct Parts {
        store::Env* env = nullptr;
        Submit submit;
        Notify notify;
        RunCheck run_check;
        OnRecorded on_recorded;
        Now now;
        std::chrono::milliseconds tick{1000}; ///< how often the schedule is read
    };

    [[nodiscard]] static base::Result<std::unique_ptr<Scheduler>>
    create(uv::Loop& loop, const CheckerOptions& options, Parts parts);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Starts the ticks (the first at once). Loop thread.
    void start();
    /// Stops starting checks; those in flight finish and are recorded. Loop thread.
    void stop();
    /// Checks the delegation at `key` now (joining a check of it already under way); `done` runs
    /// on the loop thread once its result is recorded, or with why not (NotFound: no such
    /// delegation). Loop thread.
    void check_now(store::Key key, CheckNowDone done);

    [[nodiscard]] std::size_t in_flight() const noexcept { return in_flight_.size(); }
    /// Checks whose write came back, recorded or refused (Checker::stats counts those recorded).
    [[nodiscard]] std::uint64_t checks_done() const noexcept { return checks_done_; }

private:
    struct Flight {
        std::vector<CheckNowDone> waiters;
    };
    struct Committed {
        store::Key key;
        base::Result<store::WriteOutcome> outcome;
        RecordedCheck recorded;
    };

    // Where the writer's thread leaves results. Shared with the completions in flight, so a
    // completion that comes after the scheduler is gone finds it closed (wake null) and drops.
    struct Mailbox {
        std::mutex mutex;
        std::vector<Committed> items;
        uv::Async* wake = nullptr;
    };

    Scheduler(const CheckerOptions& options, Parts parts);
    void fill();
    void begin(store::Delegation delegation, std::vector<CheckNowDone> waiters);
    void checked(store::Delegation delegation, const CheckOutcome& outcome);
    void drain_committed();
    void finish(const store::Key& key, base::Result<RecordedCheck> result);

    CheckerOptions options_;
    StateRules rules_;
    Parts parts_;
    uv::Owned<uv::Timer> timer_;
    uv::Owned<uv::Async> wake_;
    std::map<store::Key, Flight> in_flight_;
    std::shared_ptr<Mailbox> mailbox_ = std::make_shared<Mailbox>();
    std::mt19937_64 jitter_random_;
    std::uniform_real_distribution<double> unit_{0.0, 1.0};
    std::uint64_t checks_done_ = 0;
    bool running_ = false;
};

} // namespace dcvd::checker
