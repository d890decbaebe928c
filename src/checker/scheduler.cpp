// checker/scheduler.cpp: due delegations → checks → state rules → RecordCheck writes.
#include "scheduler.hpp"

#include <algorithm>

#include "dcvd/base/log.hpp"
#include "dcvd/store/delegation_reader.hpp"
#include "schedule.hpp"

namespace dcvd::checker {
namespace {

StateRules rules_of(const CheckerOptions& options) {
    StateRules rules;
    rules.confirmations = options.confirmations;
    rules.min_interval = options.min_interval;
    rules.onboarding_window = options.onboarding_window;
    return rules;
}

} // namespace

base::Result<std::unique_ptr<Scheduler>>
Scheduler::create(uv::Loop& loop, const CheckerOptions& options, Parts parts) {
    std::unique_ptr<Scheduler> scheduler(new Scheduler(options, std::move(parts)));
    Scheduler* self = scheduler.get();
    auto timer = uv::Timer::create(loop, [self] {
        self->fill();
        if (self->running_) {
            self->timer_->start(self->parts_.tick);
        }
    });
    if (!timer) {
        return base::unexpected(std::move(timer).error());
    }
    auto wake = uv::Async::create(loop, [self] { self->drain_committed(); });
    if (!wake) {
        return base::unexpected(std::move(wake).error());
    }
    scheduler->timer_ = std::move(*timer);
    scheduler->wake_ = std::move(*wake);
    scheduler->mailbox_->wake = scheduler->wake_.get();
    return scheduler;
}

Scheduler::Scheduler(const CheckerOptions& options, Parts parts)
    : options_(options), rules_(rules_of(options)), parts_(std::move(parts)),
      jitter_random_(std::random_device{}()) {}

Scheduler::~Scheduler() {
    const std::lock_guard lock(mailbox_->mutex);
    mailbox_->wake = nullptr;
}

void Scheduler::start() {
    running_ = true;
    timer_->start(std::chrono::milliseconds(0));
}

void Scheduler::stop() {
    running_ = false;
}

void Scheduler::fill() {
    const std::size_t limit = options_.max_checks_in_flight;
    if (!running_ || in_flight_.size() >= limit) {
        return;
    }
    auto due =
        store::due_delegations(*parts_.env, parts_.now(), limit - in_flight_.size(),
                               [this](std::span<const std::uint8_t> key) {
                                   return in_flight_.contains(store::Key(key.begin(), key.end()));
                               });
    if (!due) {
        base::logger("checker")->warn("cannot read the check schedule: {}", due.error().message);
        return;
    }
    for (store::Delegation& delegation : *due) {
        begin(std::move(delegation), {});
    }
}

void Scheduler::begin(store::Delegation delegation, std::vector<CheckNowDone> waiters) {
    in_flight_.emplace(delegation.key, Flight{std::move(waiters)});
    auto done = [this, delegation](CheckOutcome outcome) { checked(delegation, outcome); };
    parts_.run_check(delegation, std::move(done));
}

void Scheduler::checked(store::Delegation delegation, const CheckOutcome& outcome) {
    auto& status = delegation.status;
    const std::uint64_t now = parts_.now();
    RecordedCheck recorded;
    recorded.moved = apply_check(status, outcome, now, rules_);
    status.last_check = now;
    status.evidence = clip_evidence(outcome.evidence);
    const auto interval = base_interval(status, recorded.moved.has_value(), options_);
    status.interval = static_cast<std::uint32_t>(interval.count());
    status.next_check = now + static_cast<std::uint64_t>(
                                  jittered(interval, unit_(jitter_random_), options_).count());
    recorded.delegation = delegation;
    store::RecordCheck op{delegation.key, delegation.host, status, {}};
    if (recorded.moved && parts_.notify) {
        op.notify = parts_.notify(delegation.host, *recorded.moved);
    }
    parts_.submit(
        std::move(op), [mailbox = mailbox_, key = delegation.key, recorded = std::move(recorded)](
                           base::Result<store::WriteOutcome> written) mutable {
            const std::lock_guard lock(mailbox->mutex);
            if (mailbox->wake != nullptr) {
                mailbox->items.push_back(Committed{key, std::move(written), std::move(recorded)});
                mailbox->wake->send();
            }
        });
}

void Scheduler::drain_committed() {
    std::vector<Committed> done;
    {
        const std::lock_guard lock(mailbox_->mutex);
        done.swap(mailbox_->items);
    }
    for (Committed& committed : done) {
        ++checks_done_;
        if (!committed.outcome) {
            // Removed or registered anew meanwhile (nothing to record), or the store refused.
            base::logger("checker")->log(
                committed.outcome.error().code == base::ErrorCode::Full ? spdlog::level::warn
                                                                        : spdlog::level::debug,
                "check of {} not recorded: {}", committed.recorded.delegation.host,
                committed.outcome.error().message);
            finish(committed.key, base::unexpected(std::move(committed.outcome).error()));
            continue;
        }
        if (const auto& moved = committed.recorded.moved) {
            base::logger("checker")->info(
                "delegation moved host={} from={} to={} reason={} evidence=\"{}\"",
                committed.recorded.delegation.host, store::to_text(moved->from),
                store::to_text(moved->to), store::to_text(moved->reason), moved->evidence);
        }
        if (parts_.on_recorded) {
            parts_.on_recorded(committed.recorded);
        }
        finish(committed.key, std::move(committed.recorded));
    }
    fill(); // room for more
}

void Scheduler::finish(const store::Key& key, base::Result<RecordedCheck> result) {
    const auto flight = in_flight_.find(key);
    if (flight == in_flight_.end()) {
        return;
    }
    const std::vector<CheckNowDone> waiters = std::move(flight->second.waiters);
    in_flight_.erase(flight);
    for (const CheckNowDone& waiter : waiters) {
        waiter(result);
    }
}

void Scheduler::check_now(store::Key key, CheckNowDone done) {
    if (const auto flight = in_flight_.find(key); flight != in_flight_.end()) {
        flight->second.waiters.push_back(std::move(done));
        return;
    }
    auto found = store::get_delegation(*parts_.env, key);
    if (!found) {
        done(base::unexpected(std::move(found).error()));
        return;
    }
    if (!*found) {
        done(base::unexpected(base::ErrorCode::NotFound, "no delegation is registered there"));
        return;
    }
    std::vector<CheckNowDone> waiters;
    waiters.push_back(std::move(done));
    begin(std::move(**found), std::move(waiters));
}

} // namespace dcvd::checker
