// checker/checker.hpp: the delegation checker as `dcvd serve` runs it: a thread of its own with a
// libuv loop, its DNS client and the scheduler, checking each delegation when it is due and
// recording what it found through the store's writer (docs/DELEGATIONS.md).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/checker/options.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::checker {

/// A check's result as recorded: the delegation as stored now, and the move it made, if any.
struct RecordedCheck {
    store::Delegation delegation;
    std::optional<store::Transition> moved;
};

using CheckNowDone = std::function<void(base::Result<RecordedCheck>)>;

/// What the checker did since it started.
struct CheckerStats {
    std::uint64_t checks = 0; ///< checks recorded
    /// Confirmed moves, by the state moved to (indexed by DelegationState's value).
    std::array<std::uint64_t, store::all_delegation_states.size()> moves_to{};
};

class Checker {
public:
    /// Called on the checker's thread for every recorded check; must not block.
    using OnRecorded = std::function<void(const RecordedCheck&)>;

    /// Scheduled: checks whatever is due, as `serve` does. OnDemand: only what check_now asks
    /// (`dcvd delegation check`).
    enum class Mode : std::uint8_t { Scheduled, OnDemand };

    /// Starts the thread. `env` and `writer` must outlive the Checker; `apex` is the validation
    /// zone (targets are named below it). Each confirmed transition is written to the outbox
    /// once per webhook, in the transition's transaction, and delivered from there (what an
    /// earlier run left is sent at start). Invalid options (a resolver or an edge entry that does
    /// not parse) are refused here, naming them.
    [[nodiscard]] static base::Result<std::unique_ptr<Checker>>
    start(const CheckerOptions& options, const EdgeOptions& edge,
          const std::vector<WebhookOptions>& webhooks, const wire::Name& apex, store::Env& env,
          store::Writer& writer, Mode mode = Mode::Scheduled, OnRecorded on_recorded = {});
    /// Stops the thread; checks in flight are abandoned (they stay due and run after a restart).
    ~Checker();
    Checker(const Checker&) = delete;
    Checker& operator=(const Checker&) = delete;

    /// Any thread: checks the delegation at `key` now. `done` runs on the checker's thread once
    /// the result is recorded (NotFound: no delegation there; Unavailable: stopping).
    void check_now(store::Key key, CheckNowDone done);

    /// Any thread.
    [[nodiscard]] CheckerStats stats() const noexcept;

    struct Impl;

private:
    explicit Checker(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace dcvd::checker
