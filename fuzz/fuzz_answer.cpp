// fuzz/fuzz_answer.cpp: the whole packet path: bytes → answer() over UDP and TCP against a small
// real zone and store (built once, in a temp dir), then the response checker on every response.
// Drops must be exactly the QR=1 and header-less messages; any failure aborts.
#include <stdlib.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "dcvd/dns/answer.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/store/read_view.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/wire/name.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "support/response_check.hpp"

namespace {

using namespace dcvd;

constexpr std::string_view apex_text = "validation.example.net.";
constexpr std::string_view zone_text = R"($ORIGIN validation.example.net.
$TTL 3600
@       IN SOA ns1 hostmaster.example.net. 7 3600 600 1209600 60
@       IN NS  ns1
@       IN NS  ns2
@       IN TXT "static apex text"
ns1     IN A    192.0.2.1
ns1     IN AAAA 2001:db8::1
ns2     IN A    192.0.2.2
_static IN TXT  "static owner"
a.deep  IN A    192.0.2.7
)";
constexpr std::uint64_t now = 1'000'000;
constexpr std::uint16_t our_payload = 1232;

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "fuzz_answer: %s\n", why.c_str());
    std::abort();
}

template <class T> T checked(base::Result<T> result, const char* what) {
    if (!result) {
        die(std::string(what) + ": " + result.error().message);
    }
    return std::move(*result);
}

/// A target below the apex holding `text` at expiry `expires_at`.
store::PutValue put(const wire::Name& apex, std::string_view host, std::string text,
                    std::uint64_t expires_at) {
    wire::Name name;
    if (!wire::Name::from_text(std::string(host) + "." + std::string(apex_text), name)) {
        die("bad test host");
    }
    wire::KeyBuffer key{};
    const std::size_t size = wire::relative_key(name.wire(), apex.label_count(), key);
    store::PutValue op;
    op.host = host;
    op.key.assign(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(size));
    op.text = std::move(text);
    op.ttl = 60;
    op.expires_at = expires_at;
    op.now = now - 100;
    op.register_if_missing = true;
    return op;
}

/// The zone and store every input is answered from, and the store's temp dir (removed at exit).
struct Setup {
    std::filesystem::path dir;
    std::unique_ptr<store::Env> env;
    std::shared_ptr<const zone::StaticZone> zone;
    std::unique_ptr<store::ReadView> view;

    Setup() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "dcvd-fuzz-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            die("cannot make a temp dir");
        }
        dir = pattern;
        wire::Name apex;
        if (!wire::Name::from_text(apex_text, apex)) {
            die("bad apex");
        }
        zone = checked(zone::StaticZone::parse(zone_text, apex, "fuzz"), "zone");
        store::Options options;
        options.path = dir / "store";
        options.map_size_bytes = 16ULL << 20;
        env = checked(store::Env::open(options, apex_text, store::Env::Mode::ReadWrite), "store");
        std::vector<store::WriteOp> ops{
            store::SyncStaticZone{zone->soa().serial, zone->digest()},
            put(apex, "www.example.com", "first", now + 3600),
            put(apex, "www.example.com", "second", now + 3600),
            put(apex, "expired.example.com", "gone", now),
            put(apex, "a.b.example.org", "deep", now + 3600),
        };
        for (char c = 'a'; c < 'a' + 8; ++c) { // an answer too big for UDP: TC
            ops.push_back(put(apex, "big.example.com", std::string(200, c), now + 3600));
        }
        store::Writer writer(*env);
        static_cast<void>(checked(writer.apply_all(std::move(ops)), "store writes"));
        view = std::make_unique<store::ReadView>(*env);
    }
    ~Setup() {
        view.reset();
        env.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    Setup(const Setup&) = delete;
    Setup& operator=(const Setup&) = delete;
};

void answer_over(dns::Transport transport, std::span<const std::uint8_t> query, Setup& setup) {
    static std::array<std::uint8_t, dns::max_tcp_response> buffer{};
    const bool udp = transport == dns::Transport::Udp;
    dns::AnswerContext ctx{setup.zone.get(), setup.view.get(), setup.view->renew(), now,
                           our_payload};
    dns::AnswerInfo info;
    const std::size_t size = dns::answer(
        query, std::span(buffer).first(udp ? dns::max_udp_response : dns::max_tcp_response),
        transport, ctx, info);
    setup.view->reset();

    const bool must_drop = query.size() < 12 || (query[2] & 0x80) != 0;
    if (info.dropped != must_drop || (info.dropped && size != 0)) {
        die("dropped the wrong message");
    }
    if (info.dropped) {
        return;
    }
    const std::span<const std::uint8_t> response(buffer.data(), size);
    const std::size_t limit = udp ? test::udp_limit(query, our_payload) : test::tcp_limit;
    const auto failures = test::check_response(query, response, limit);
    if (!failures.empty()) {
        die(std::string(udp ? "UDP" : "TCP") + " response fails the check:\n" +
            test::describe(failures));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Setup setup;
    const std::span<const std::uint8_t> query(data, size);
    answer_over(dns::Transport::Udp, query, setup);
    answer_over(dns::Transport::Tcp, query, setup);
    return 0;
}
