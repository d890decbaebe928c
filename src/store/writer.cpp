// store/writer.cpp: the writer thread. It takes everything queued (up to max_batch_ops), applies
// each operation in a nested transaction, commits once (durably), and only then answers. Under
// concurrent writes it first waits up to commit_delay for more to join.
#include "dcvd/store/writer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "apply_op.hpp"
#include "dcvd/base/log.hpp"
#include "dcvd/base/thread_role.hpp"
#include "lmdb.hpp"

namespace dcvd::store {
namespace {

// One submit(): joins a group commit with whatever else is queued.
struct Single {
    WriteOp op;
    WriteCompletion done;
    bool is_answered = false;

    void answer(base::Result<WriteOutcome> result) {
        is_answered = true;
        done(std::move(result));
    }
};

// One apply_all(): a transaction of its own, all or nothing.
struct Batch {
    std::vector<WriteOp> ops;
    std::promise<base::Result<std::uint32_t>> done;
};

using Job = std::variant<Single, Batch>;

void fail_unanswered(std::promise<base::Result<std::uint32_t>>& promise, std::exception_ptr error) {
    try {
        promise.set_exception(std::move(error));
    } catch (const std::future_error&) {
        // already answered: the exception came after the commit (from the listener)
    }
}

// A completion cannot rethrow at its caller's entry point, so a broken environment reaches it
// as an Internal error (and the log).
void fail_unanswered(Single& single, const std::exception_ptr& error) {
    if (single.is_answered) {
        return;
    }
    std::string what = "unknown exception";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& failure) {
        what = failure.what();
    } catch (...) {
    }
    base::logger("store")->error("write failed reason=\"{}\"", what);
    single.answer(base::unexpected(base::ErrorCode::Internal, "store failure: " + what));
}

// A commit refused for lack of space fails every operation in it (STYLE.md §3: API 507).
base::Error full_error(const Env& env, std::string_view detail) {
    return base::make_error(
        base::ErrorCode::Full,
        fmt::format(
            "the store is full (LMDB map of {} bytes, or the disk): nothing was written ({})",
            env.options().map_size_bytes, detail));
}

} // namespace

struct Writer::Impl {
    Impl(Env& e, CommitListener listener) : env(e), on_commit(std::move(listener)) {}

    void run();
    void commit_group(std::vector<Single>& group);
    void commit_batch(Batch& batch);
    base::Result<std::uint32_t> apply_batch(const std::vector<WriteOp>& ops, bool& changed,
                                            std::chrono::nanoseconds& took);
    void refused(const base::Error& error, std::size_t ops);
    void committed(std::uint32_t serial, std::size_t ops, std::chrono::nanoseconds took);
    void note_contention();

    Env& env;
    CommitListener on_commit;
    std::mutex mutex; // guards queue and stopping; never held while LMDB works
    std::condition_variable wake;
    std::deque<Job> queue;
    bool stopping = false;
    bool contended = false;       // the writer thread's own: see note_contention()
    std::size_t gather_until = 0; // while gathering: the queue length worth waking the writer for
    std::thread thread;           // last: starts once the members above exist
};

Writer::Writer(Env& env, CommitListener on_commit)
    : impl_(std::make_unique<Impl>(env, std::move(on_commit))) {
    impl_->thread = std::thread([impl = impl_.get()] {
        base::become_background_thread("dcvd-writer");
        impl->run();
    });
}

Writer::~Writer() {
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_one();
    impl_->thread.join();
}

std::future<base::Result<WriteOutcome>> Writer::submit(WriteOp op) {
    auto promise = std::make_shared<std::promise<base::Result<WriteOutcome>>>();
    auto future = promise->get_future();
    submit(std::move(op),
           [promise](base::Result<WriteOutcome> result) { promise->set_value(std::move(result)); });
    return future;
}

void Writer::submit(WriteOp op, WriteCompletion done) {
    bool wake_writer = true;
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->queue.emplace_back(Single{std::move(op), std::move(done)});
        // A writer gathering for commit_delay needs no wake-up (a context switch) per write.
        wake_writer = impl_->gather_until == 0 || impl_->queue.size() >= impl_->gather_until;
    }
    if (wake_writer) {
        impl_->wake.notify_one();
    }
}

base::Result<std::uint32_t> Writer::apply_all(std::vector<WriteOp> ops) {
    Batch batch{std::move(ops), {}};
    auto future = batch.done.get_future();
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->queue.emplace_back(std::move(batch));
    }
    impl_->wake.notify_one();
    return future.get();
}

void Writer::Impl::run() {
    const std::size_t max_ops = std::max<std::size_t>(1, env.options().max_batch_ops);
    const auto delay = env.options().commit_delay;
    while (true) {
        std::vector<Single> group;
        std::optional<Batch> batch;
        {
            std::unique_lock lock(mutex);
            wake.wait(lock, [this] { return stopping || !queue.empty(); });
            if (queue.empty()) {
                return; // stopping, and everything queued was applied
            }
            if (std::exchange(contended, false) && delay.count() > 0) {
                gather_until = max_ops;
                wake.wait_for(lock, delay, [this, max_ops] {
                    return stopping || queue.size() >= max_ops ||
                           std::holds_alternative<Batch>(queue.back());
                });
                gather_until = 0;
            }
            if (auto* front = std::get_if<Batch>(&queue.front())) {
                batch.emplace(std::move(*front));
                queue.pop_front();
            }
            while (!batch && !queue.empty() && group.size() < max_ops &&
                   std::holds_alternative<Single>(queue.front())) {
                group.push_back(std::get<Single>(std::move(queue.front())));
                queue.pop_front();
            }
        }
        // Exceptions (a broken environment) go to the callers' futures, which rethrow them at
        // their entry points; the thread itself keeps serving.
        try {
            if (batch) {
                commit_batch(*batch);
            } else {
                commit_group(group);
            }
        } catch (...) {
            if (batch) {
                fail_unanswered(batch->done, std::current_exception());
            }
            for (Single& single : group) {
                fail_unanswered(single, std::current_exception());
            }
        }
    }
}

void Writer::Impl::commit_group(std::vector<Single>& group) {
    auto& handles = env.handles();
    const auto began = std::chrono::steady_clock::now();
    const auto fail_all = [&group](const base::Error& error) {
        for (Single& single : group) {
            single.answer(base::unexpected(error));
        }
    };
    auto txn = begin_write(handles);
    if (!txn) {
        fail_all(txn.error());
        return;
    }
    auto plan = start_plan(txn->get(), handles);
    if (!plan) {
        fail_all(plan.error());
        return;
    }
    std::vector<std::optional<base::Result<WriteOutcome>>> results(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) {
        // A nested transaction per operation: one that fails leaves no trace, the others stay.
        auto child = begin_write(handles, txn->get());
        if (!child) {
            results[i].emplace(base::unexpected(std::move(child).error()));
            continue;
        }
        SerialPlan trial = *plan;
        auto outcome = apply_op(child->get(), handles, group[i].op, trial);
        if (outcome) {
            if (auto done = commit(*child, "cannot commit an operation"); !done) {
                outcome = base::unexpected(std::move(done).error());
            } else {
                *plan = trial;
            }
        }
        if (!outcome && outcome.error().code == base::ErrorCode::Full) {
            const auto error = full_error(env, outcome.error().message);
            refused(error, group.size());
            fail_all(error);
            return; // txn aborts: nothing of this group was written
        }
        results[i].emplace(std::move(outcome));
    }
    auto serial = finish_plan(txn->get(), handles, *plan);
    if (serial) {
        if (auto done = commit(*txn, "cannot commit"); !done) {
            serial = base::unexpected(std::move(done).error());
        }
    }
    if (!serial) {
        const auto error = serial.error().code == base::ErrorCode::Full
                               ? full_error(env, serial.error().message)
                               : serial.error();
        refused(error, group.size());
        fail_all(error);
        return;
    }
    // Durable now (no MDB_NOSYNC): only from here on may anyone hear of it.
    const auto took = std::chrono::steady_clock::now() - began;
    note_contention();
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (*results[i]) {
            (*results[i])->serial = *serial;
        }
        group[i].answer(std::move(*results[i]));
    }
    if (plan->changed) {
        committed(*serial, group.size(), took);
    }
}

// Operations that queued while a commit was written, before its answers went out, mean several
// writers are active: the next commit then waits up to commit_delay for more of them, since its
// fdatasync and the B-trees' upper pages are shared by all its writes. A lone writer's next
// operation comes only after its answer, so it never waits (PostgreSQL's commit_delay with
// commit_siblings is the same idea).
void Writer::Impl::note_contention() {
    const std::lock_guard lock(mutex);
    contended = !queue.empty();
}

void Writer::Impl::commit_batch(Batch& batch) {
    bool changed = false;
    std::chrono::nanoseconds took{0};
    auto serial = apply_batch(batch.ops, changed, took);
    batch.done.set_value(serial);
    if (serial && changed) {
        committed(*serial, batch.ops.size(), took);
    }
}

base::Result<std::uint32_t> Writer::Impl::apply_batch(const std::vector<WriteOp>& ops,
                                                      bool& changed,
                                                      std::chrono::nanoseconds& took) {
    auto& handles = env.handles();
    const auto began = std::chrono::steady_clock::now();
    auto txn = begin_write(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    auto plan = start_plan(txn->get(), handles);
    if (!plan) {
        return base::unexpected(std::move(plan).error());
    }
    for (std::size_t i = 0; i < ops.size(); ++i) {
        auto outcome = apply_op(txn->get(), handles, ops[i], *plan);
        if (!outcome) {
            auto error = std::move(outcome).error();
            if (error.code == base::ErrorCode::Full) {
                error = full_error(env, error.message);
                refused(error, ops.size());
            }
            error.message = fmt::format("operation {}: {}", i, error.message);
            return base::unexpected(std::move(error));
        }
    }
    auto serial = finish_plan(txn->get(), handles, *plan);
    if (serial) {
        if (auto done = commit(*txn, "cannot commit"); !done) {
            serial = base::unexpected(std::move(done).error());
        }
    }
    if (!serial) {
        if (serial.error().code == base::ErrorCode::Full) {
            auto error = full_error(env, serial.error().message);
            refused(error, ops.size());
            return base::unexpected(std::move(error));
        }
        return serial;
    }
    changed = plan->changed;
    took = std::chrono::steady_clock::now() - began;
    return serial;
}

void Writer::Impl::refused(const base::Error& error, std::size_t ops) {
    base::logger("store")->warn("commit refused ops={} reason=\"{}\"", ops, error.message);
}

void Writer::Impl::committed(std::uint32_t serial, std::size_t ops, std::chrono::nanoseconds took) {
    if (on_commit) {
        on_commit(serial, ops, took);
    }
}

} // namespace dcvd::store
