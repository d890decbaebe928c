// unit/dns/answer_alloc_test.cpp: the answer path allocates nothing (STYLE.md §4). Allocations
// on the test's thread are counted while answer() runs over every kind of query the rules
// distinguish: under AddressSanitizer through its malloc hooks (which see malloc too), else by
// replacing the global operator new, which is why this test has an executable of its own.
#include <cstdlib>
#include <new>
#include <vector>

#include <catch2/catch.hpp>

#include "answer_fixture.hpp"

namespace {

thread_local bool is_counting = false;
thread_local std::size_t allocations = 0;

} // namespace

#if defined(__SANITIZE_ADDRESS__)
// The sanitizer runtime's public hook (sanitizer/allocator_interface.h, which g++ does not ship).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void*,
                                                                           std::size_t),
                                                         void (*on_free)(const volatile void*));

namespace {

void count_allocation(const volatile void*, std::size_t) {
    if (is_counting) {
        ++allocations;
    }
}

void ignore_free(const volatile void*) {}

const int hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(count_allocation, ignore_free);

} // namespace
#else
void* operator new(std::size_t size) {
    if (is_counting) {
        ++allocations;
    }
    if (void* memory = std::malloc(size == 0 ? 1 : size)) {
        return memory;
    }
    throw std::bad_alloc();
}

void operator delete(void* memory) noexcept {
    std::free(memory);
}

void operator delete(void* memory, std::size_t) noexcept {
    std::free(memory);
}
#endif

namespace dcvd::dns::test {
namespace {

using dcvd::test::header_bytes;
using dcvd::test::put_name;

/// Counts what `work` allocates on this thread.
template <class Work> std::size_t allocations_of(Work&& work) {
    allocations = 0;
    is_counting = true;
    work();
    is_counting = false;
    return allocations;
}

/// One query of each kind: TXT hit (one value, several, too big for UDP), NODATA, empty
/// non-terminal, NXDOMAIN, apex SOA/NS (glue)/ANY, static owner, REFUSED, NOTIMP, EDNS (and
/// BADVERS), mixed case, malformed.
std::vector<Bytes> every_kind_of_query() {
    std::vector<Bytes> queries;
    const auto add = [&queries](QuerySpec spec) { queries.push_back(make_query(spec)); };
    add({.qname = target("www.example.com")});
    add({.qname = target("two.example.com"), .edns_payload = 1232});
    add({.qname = target("big.example.com")});
    add({.qname = target("big.example.com"), .edns_payload = 4096});
    add({.qname = target("www.example.com"), .qtype = LDNS_RR_TYPE_A});
    add({.qname = "example.com.validation.example.net."}); // above a target: empty non-terminal
    add({.qname = target("nobody.example.org")});
    add({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_SOA});
    add({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_NS, .rd = true});
    add({.qname = "validation.example.net.", .qtype = LDNS_RR_TYPE_ANY});
    add({.qname = "ns1.validation.example.net.", .qtype = LDNS_RR_TYPE_A});
    add({.qname = "www.example.com.", .qtype = LDNS_RR_TYPE_TXT});
    add({.qname = "WWW.Example.COM.Validation.Example.NET."});
    add({.qname = target("www.example.com"), .qtype = LDNS_RR_TYPE_AXFR});
    add({.qname = target("www.example.com"), .opcode = 5});
    add({.qname = target("www.example.com"), .edns_payload = 1232, .edns_version = 1});
    Bytes two_questions = header_bytes(7, 0, 2);
    put_name(two_questions, "a.validation.example.net.");
    queries.push_back(two_questions);
    queries.push_back(Bytes(queries.front().begin(), queries.front().end() - 3)); // truncated
    return queries;
}

TEST_CASE("the allocation counter counts (so the test below can fail)", "[dns][answer][alloc]") {
    static std::vector<int> kept; // a static's growth cannot be elided as a local's may be
    const std::size_t counted = allocations_of([] { kept.reserve(8); });
    CHECK(counted == 1);
}

TEST_CASE("answer() allocates nothing, over UDP and TCP, whatever it answers (STYLE.md §4)",
          "[dns][answer][alloc]") {
    AnswerFixture f;
    f.put_value("www.example.com", "one value");
    f.put_value("two.example.com", "first");
    f.put_value("two.example.com", "second");
    for (const char c : {'a', 'b', 'c', 'd'}) {
        f.put_value("big.example.com", std::string(200, c));
    }
    const std::vector<Bytes> queries = every_kind_of_query();
    Bytes udp_out(max_udp_response);
    Bytes tcp_out(max_tcp_response);
    std::size_t answered = 0;
    const std::size_t counted = allocations_of([&] {
        for (const Bytes& query : queries) {
            answered += f.answer_into(query, udp_out, Transport::Udp) > 0 ? 1 : 0;
            answered += f.answer_into(query, tcp_out, Transport::Tcp) > 0 ? 1 : 0;
        }
    });
    CHECK(answered == 2 * queries.size()); // none of these is dropped
    CHECK(counted == 0);
}

} // namespace
} // namespace dcvd::dns::test
