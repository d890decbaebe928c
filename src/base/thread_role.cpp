// base/thread_role.cpp: thread names, SCHED_BATCH and nice for background threads (Linux: both
// apply to the calling thread alone, not to the process).
#include "dcvd/base/thread_role.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace dcvd::base {

bool become_background_thread(const char* name) noexcept {
    std::array<char, 16> short_name{};
    std::strncpy(short_name.data(), name, short_name.size() - 1);
    static_cast<void>(pthread_setname_np(pthread_self(), short_name.data()));
    const sched_param param{};
    const bool batch = sched_setscheduler(0, SCHED_BATCH, &param) == 0;
    // PRIO_PROCESS with a thread ID is that thread's nice value on Linux. Never lowered: a dcvd
    // started under `nice -n 10` keeps its 10 (and lowering would need privilege).
    const auto tid = static_cast<id_t>(gettid());
    const int current = getpriority(PRIO_PROCESS, tid);
    const bool nice = setpriority(PRIO_PROCESS, tid, std::max(current, background_nice)) == 0;
    return batch && nice;
}

} // namespace dcvd::base
