// unit/dns/answer_fixture.hpp: answer() over a real StaticZone and a real store in a temp dir,
// every response run through the response checker before a test looks at it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "../store/store_fixture.hpp"
#include "dcvd/dns/answer.hpp"
#include "dcvd/store/read_view.hpp"
#include "dcvd/store/writer.hpp"
#include "server_test_fixture.hpp" // make_zone(), target()
#include "support/test_message.hpp"

namespace dcvd::dns::test {

using dcvd::test::Bytes;
using dcvd::test::LdnsPkt;
using dcvd::test::QuerySpec;

/// The time answers are given at; values expiring by then are not served.
inline constexpr std::uint64_t answer_now = 1'000'000;

class AnswerFixture {
public:
    /// The test zone (make_zone) with `extra_zone` lines; an empty store bound to it.
    explicit AnswerFixture(std::string_view extra_zone = {});
    ~AnswerFixture();
    AnswerFixture(const AnswerFixture&) = delete;
    AnswerFixture& operator=(const AnswerFixture&) = delete;

    /// Publishes `text` at the target of `host`; durable on return.
    void put_value(std::string_view host, std::string_view text, std::uint32_t ttl = 60,
                   std::uint64_t expires_at = answer_now + 3600);
    /// The serial of the store's latest commit.
    [[nodiscard]] std::uint32_t serial();

    /// answer() into `out` as a worker calls it, the view renewed for the call and reset after
    /// it; returns the response's size (0: dropped). Allocates nothing.
    [[nodiscard]] std::size_t answer_into(std::span<const std::uint8_t> query,
                                          std::span<std::uint8_t> out, Transport transport);
    /// answer_into() a buffer of the transport's largest response; the response checker must
    /// pass on anything not dropped. Empty when dropped.
    [[nodiscard]] Bytes ask(const Bytes& query, Transport transport = Transport::Udp);
    /// ask() for a query built by ldns, parsed by ldns (non-null).
    [[nodiscard]] LdnsPkt ask(const QuerySpec& spec, Transport transport = Transport::Udp);

    /// What the last ask() reported.
    [[nodiscard]] const AnswerInfo& info() const noexcept { return info_; }
    /// The context the next ask() uses; `view` and `view_ok` are set by ask() unless
    /// `fail_renew` is true, in which case view_ok is false.
    AnswerContext context;
    bool fail_renew = false;

private:
    store::test::TempDir dir_;
    std::unique_ptr<store::Env> env_;
    std::unique_ptr<store::Writer> writer_;
    std::shared_ptr<const zone::StaticZone> zone_;
    std::unique_ptr<store::ReadView> view_;
    AnswerInfo info_;
};

/// The RCODE of a parsed response, extended by its OPT.
[[nodiscard]] unsigned rcode_of(const ldns_pkt* pkt);

} // namespace dcvd::dns::test
