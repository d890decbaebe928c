// tests/unit/checker/scheduler_test.cpp: the scheduler on a real store and writer, with a fake
// clock and scripted check outcomes: what is due gets checked, moves are confirmed and recorded,
// the schedule backs off, concurrency is bounded, check_now joins or starts a check.
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "../store/store_fixture.hpp"
#include "dcvd/store/delegation_reader.hpp"
#include "schedule.hpp"
#include "scheduler.hpp"

namespace dcvd::checker {
namespace {

using store::DelegationState;

CheckOutcome outcome(ChallengeVerdict challenge, HostVerdict host) {
    return CheckOutcome{challenge, host, "scripted"};
}

CheckerOptions quick_options() {
    CheckerOptions options;
    options.confirmations = 2;
    options.min_interval = std::chrono::seconds(0);
    options.jitter_percent = 0;
    options.pending_interval = std::chrono::seconds(60);
    options.pending_max_interval = std::chrono::seconds(200);
    options.max_checks_in_flight = 8;
    return options;
}

// A store, its writer, a loop and a scheduler whose checks answer what `answers` says (or wait,
// for hosts in `held`, until release()).
class Rig {
public:
    explicit Rig(CheckerOptions options = quick_options())
        : env_(store::test::open_store(store::test::options_in(dir_))), writer_(*env_) {
        Scheduler::Parts parts;
        parts.env = env_.get();
        parts.submit = [this](store::WriteOp op, store::WriteCompletion done) {
            writer_.submit(std::move(op), std::move(done));
        };
        parts.run_check = [this](const store::Delegation& delegation,
                                 std::function<void(CheckOutcome)> done) {
            ++started_[delegation.host];
            if (held_hosts_.contains(delegation.host)) {
                held_.emplace(delegation.host, std::move(done));
                return;
            }
            done(answers_.contains(delegation.host)
                     ? answers_.at(delegation.host)
                     : outcome(ChallengeVerdict::Unknown, HostVerdict::Unknown));
        };
        parts.on_recorded = [this](const RecordedCheck& recorded) {
            recorded_.push_back(recorded);
        };
        parts.now = [this] { return now_; };
        parts.tick = std::chrono::milliseconds(5);
        auto made = Scheduler::create(loop_, options, std::move(parts));
        REQUIRE(made);
        scheduler_ = std::move(*made);
    }

    void add(const std::string& host) {
        REQUIRE(writer_.submit(store::RegisterTarget{host, key(host), now_}).get());
    }
    static store::Key key(const std::string& host) { return store::test::key_of(host); }
    store::Delegation stored(const std::string& host) {
        auto found = store::get_delegation(*env_, key(host));
        REQUIRE(found);
        REQUIRE(*found);
        return **found;
    }

    /// Runs the loop until `done()` (failing the test case after a few seconds).
    template <class Done> void pump_until(Done done) {
        for (int i = 0; i < 2000 && !done(); ++i) {
            uv_run(loop_.get(), UV_RUN_ONCE);
        }
        REQUIRE(done());
    }
    /// Runs `ticks` loop iterations (each at least one scheduler tick).
    void spin(int ticks) {
        for (int i = 0; i < ticks; ++i) {
            uv_run(loop_.get(), UV_RUN_ONCE);
        }
    }
    void pump_until_checks(std::uint64_t count) {
        pump_until([&] { return scheduler_->checks_done() >= count; });
    }

    store::Writer& writer() { return writer_; }
    Scheduler& scheduler() { return *scheduler_; }
    std::uint64_t now_ = 1'000'000;
    std::map<std::string, CheckOutcome> answers_;
    std::set<std::string> held_hosts_;
    std::multimap<std::string, std::function<void(CheckOutcome)>> held_;
    std::map<std::string, int> started_;
    std::vector<RecordedCheck> recorded_;

    void release(const std::string& host, CheckOutcome result) {
        const auto found = held_.find(host);
        REQUIRE(found != held_.end());
        auto done = std::move(found->second);
        held_.erase(found);
        done(std::move(result));
    }

private:
    store::test::TempDir dir_;
    std::unique_ptr<store::Env> env_;
    store::Writer writer_;
    uv::Loop loop_;
    std::unique_ptr<Scheduler> scheduler_;
};

} // namespace

TEST_CASE("intervals: pending backs off to its longest, settled and stale states wait their own, "
          "a move in progress is confirmed within min_interval",
          "[scheduler]") {
    CheckerOptions options = quick_options();
    store::DelegationStatus status;
    CHECK(base_interval(status, false, options).count() == 60);
    status.interval = 60;
    CHECK(base_interval(status, false, options).count() == 120);
    status.interval = 120;
    CHECK(base_interval(status, false, options).count() == 200);
    CHECK(base_interval(status, true, options).count() == 60); // a move starts over
    status.state = DelegationState::Misdelegated;
    CHECK(base_interval(status, false, options).count() == 200);
    status.state = DelegationState::Active;
    CHECK(base_interval(status, false, options) == options.settled_interval);
    status.state = DelegationState::Stale;
    status.reason = store::StaleReason::HostMoved;
    CHECK(base_interval(status, false, options) == options.stale_interval);
    options.confirmations = 3;
    options.min_interval = std::chrono::minutes(10);
    status.candidate = store::DelegationStatus::Candidate{};
    CHECK(base_interval(status, false, options).count() == 300); // three checks span ten minutes

    options.jitter_percent = 10;
    CHECK(jittered(std::chrono::seconds(1000), 0.0, options).count() == 1000);
    CHECK(jittered(std::chrono::seconds(1000), 0.5, options).count() == 1050);
    CHECK(jittered(std::chrono::seconds(1000), 0.999, options).count() == 1099);
}

TEST_CASE("a registered delegation is checked at once and a move is recorded once confirmed",
          "[scheduler]") {
    Rig rig;
    rig.add("www.example.com");
    rig.answers_["www.example.com"] = outcome(ChallengeVerdict::Delegated, HostVerdict::AtEdge);
    rig.scheduler().start();
    rig.pump_until_checks(1);
    auto first = rig.stored("www.example.com");
    CHECK(first.status.state == DelegationState::Pending); // one check of two
    REQUIRE(first.status.candidate);
    CHECK(first.status.last_check == rig.now_);
    CHECK(first.status.next_check == rig.now_ + 1);
    CHECK(first.status.evidence == "scripted");

    rig.now_ += 1;
    rig.pump_until_checks(2);
    auto second = rig.stored("www.example.com");
    CHECK(second.status.state == DelegationState::Active);
    CHECK(second.status.since == rig.now_);
    CHECK(second.status.next_check == rig.now_ + 6 * 3600);
    REQUIRE(second.status.transitions.size() == 1);
    CHECK(second.status.transitions[0].to == DelegationState::Active);
    REQUIRE(rig.recorded_.size() == 2);
    CHECK_FALSE(rig.recorded_[0].moved);
    REQUIRE(rig.recorded_[1].moved);
    CHECK(rig.recorded_[1].moved->from == DelegationState::Pending);
    CHECK(rig.recorded_[1].delegation.status == second.status);
}

TEST_CASE("checks without evidence hold the state and back off; nothing runs before it is due",
          "[scheduler]") {
    Rig rig;
    rig.add("www.example.com");
    rig.scheduler().start();
    std::uint64_t checks = 0;
    for (const std::uint32_t expected : {60U, 120U, 200U, 200U}) {
        rig.pump_until_checks(++checks);
        const auto stored = rig.stored("www.example.com");
        CHECK(stored.status.state == DelegationState::Pending);
        CHECK(stored.status.interval == expected);
        CHECK(stored.status.next_check == rig.now_ + expected);
        rig.now_ += expected - 1;
        rig.spin(5);
        CHECK(rig.scheduler().checks_done() == checks); // not due yet
        rig.now_ += 1;
    }
}

TEST_CASE("at most max_checks_in_flight checks run at once; the rest wait their turn",
          "[scheduler]") {
    CheckerOptions options = quick_options();
    options.max_checks_in_flight = 2;
    Rig rig(options);
    for (const char* host : {"a.example.com", "b.example.com", "c.example.com"}) {
        rig.add(host);
        rig.held_hosts_.insert(host);
    }
    rig.scheduler().start();
    rig.pump_until([&] { return rig.held_.size() == 2; });
    rig.spin(5);
    CHECK(rig.scheduler().in_flight() == 2);
    CHECK(rig.held_.size() == 2);
    CHECK(rig.started_.size() == 2); // and none twice
    rig.release(rig.held_.begin()->first, outcome(ChallengeVerdict::Absent, HostVerdict::Absent));
    rig.pump_until([&] { return rig.started_.size() == 3; });
    CHECK(rig.scheduler().in_flight() == 2);
    for (const auto& [host, count] : rig.started_) {
        CHECK(count == 1);
    }
}

TEST_CASE("check_now checks a delegation that is not due, and joins a check under way",
          "[scheduler]") {
    Rig rig;
    rig.add("www.example.com");
    rig.answers_["www.example.com"] = outcome(ChallengeVerdict::Absent, HostVerdict::AtEdge);
    rig.scheduler().start();
    rig.pump_until_checks(1); // now it is not due for a minute

    std::vector<base::Result<RecordedCheck>> answers;
    const auto collect = [&answers](base::Result<RecordedCheck> result) {
        answers.push_back(std::move(result));
    };
    rig.held_hosts_.insert("www.example.com");
    rig.scheduler().check_now(Rig::key("www.example.com"), collect);
    rig.scheduler().check_now(Rig::key("www.example.com"), collect);
    CHECK(rig.started_["www.example.com"] == 2); // the second call joined the first
    rig.release("www.example.com", outcome(ChallengeVerdict::Delegated, HostVerdict::AtEdge));
    rig.pump_until([&] { return answers.size() == 2; });
    for (const auto& answer : answers) {
        REQUIRE(answer);
        CHECK(answer->delegation.status.last_check == rig.now_);
        REQUIRE(answer->delegation.status.candidate);
        CHECK(answer->delegation.status.candidate->state == DelegationState::Active);
    }

    rig.scheduler().check_now(Rig::key("nowhere.example.com"), collect);
    REQUIRE(answers.size() == 3);
    CHECK(answers[2].error().code == base::ErrorCode::NotFound);
}

TEST_CASE("a check of a delegation removed meanwhile is not recorded", "[scheduler]") {
    Rig rig;
    rig.add("www.example.com");
    rig.held_hosts_.insert("www.example.com");
    std::vector<base::Result<RecordedCheck>> answers;
    rig.scheduler().check_now(
        Rig::key("www.example.com"),
        [&answers](base::Result<RecordedCheck> result) { answers.push_back(std::move(result)); });
    REQUIRE(rig.writer().submit(store::RemoveTarget{Rig::key("www.example.com")}).get());
    rig.release("www.example.com", outcome(ChallengeVerdict::Delegated, HostVerdict::AtEdge));
    rig.pump_until([&] { return answers.size() == 1; });
    CHECK(answers[0].error().code == base::ErrorCode::NotFound);
    CHECK(rig.recorded_.empty());
    CHECK(rig.scheduler().in_flight() == 0);
}

} // namespace dcvd::checker
