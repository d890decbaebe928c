// store/writer.hpp: the single writer thread. Concurrent submissions are group-committed: every
// operation queued while a commit is under way goes into the next transaction together.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/write_ops.hpp"

namespace dcvd::store {

/// Called on the writer thread after each durable commit that changed data (serial = new one),
/// once its callers are answered and before the next commit starts. `took`: from the write
/// transaction's begin to its durable commit. Must not block; used for metrics, NOTIFY later.
using CommitListener =
    std::function<void(std::uint32_t serial, std::size_t ops, std::chrono::nanoseconds took)>;

/// Called once on the writer thread with an operation's result, after the commit that carries it
/// is durable. Must not block (it holds up the next group); a broken environment arrives as an
/// Internal error.
using WriteCompletion = std::function<void(base::Result<WriteOutcome>)>;

class Writer {
public:
    /// Starts the writer thread. The Env must outlive the Writer.
    explicit Writer(Env& env, CommitListener on_commit = {});
    /// Applies what is queued, then stops the thread.
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// Queues one operation; the future is fulfilled only after the commit that carries it is
    /// durable (or with the error that refused it). Each operation succeeds or fails alone
    /// (nested transaction), except that a failed commit (disk or map full) fails them all.
    [[nodiscard]] std::future<base::Result<WriteOutcome>> submit(WriteOp op);
    /// The same, answered through `done` instead of a future (for event loops that must not
    /// wait: the API).
    void submit(WriteOp op, WriteCompletion done);

    /// Applies `ops` in one transaction of their own, all or nothing: the first failing
    /// operation aborts it and its error names the index ("operation 17: ..."). For imports.
    [[nodiscard]] base::Result<std::uint32_t> apply_all(std::vector<WriteOp> ops);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dcvd::store
