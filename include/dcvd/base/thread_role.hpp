// base/thread_role.hpp: how the scheduler treats dcvd's threads. DNS workers keep the default
// policy; the other long-lived threads (the HTTP API, the store writer) are background work that
// should not preempt a worker in the middle of a batch.
#pragma once

namespace dcvd::base {

/// The nice value of background threads: a fair share still, about a third of a worker's weight.
inline constexpr int background_nice = 5;

/// Names the calling thread (cut to the kernel's 15 characters) and makes it background work:
/// SCHED_BATCH, whose wake-ups never preempt the running thread (a DNS worker sending a batch is
/// otherwise switched out inside sendmmsg when the API or the writer wakes), at background_nice
/// or the nice value it had if higher.
/// Returns false when the scheduler refused either; the thread then runs as before.
bool become_background_thread(const char* name) noexcept;

} // namespace dcvd::base
