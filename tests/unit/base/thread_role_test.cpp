// unit/base/thread_role_test.cpp: a background thread gets its name, SCHED_BATCH and the nice
// value, and the thread that made it keeps its own.
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "dcvd/base/thread_role.hpp"

namespace dcvd::base {
namespace {

struct Seen {
    bool applied = false;
    int policy = -1;
    int nice = -100;
    std::string name;
};

int nice_of_this_thread() {
    return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

} // namespace

TEST_CASE("a background thread runs SCHED_BATCH at background_nice, named", "[base]") {
    const int policy_before = sched_getscheduler(0);
    const int nice_before = nice_of_this_thread();
    Seen seen;
    std::thread([&seen] {
        seen.applied = become_background_thread("dcvd-test-background-thread");
        seen.policy = sched_getscheduler(0);
        seen.nice = nice_of_this_thread();
        std::array<char, 16> name{};
        pthread_getname_np(pthread_self(), name.data(), name.size());
        seen.name = name.data();
    }).join();
    // Raising nice and choosing SCHED_BATCH need no privilege.
    CHECK(seen.applied);
    CHECK(seen.policy == SCHED_BATCH);
    CHECK(seen.nice == std::max(nice_before, background_nice));
    CHECK(seen.name == "dcvd-test-backg"); // the kernel keeps 15 characters
    CHECK(sched_getscheduler(0) == policy_before);
    CHECK(nice_of_this_thread() == nice_before);
}

} // namespace dcvd::base
