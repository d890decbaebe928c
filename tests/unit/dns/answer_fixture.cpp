// unit/dns/answer_fixture.cpp: a temp store and the test zone behind answer().
#include "answer_fixture.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "dcvd/store/reader.hpp"
#include "support/response_check.hpp"

namespace dcvd::dns::test {

AnswerFixture::AnswerFixture(std::string_view extra_zone)
    : env_(store::test::open_store(store::test::options_in(dir_))),
      writer_(std::make_unique<store::Writer>(*env_)), zone_(make_zone(extra_zone)),
      view_(std::make_unique<store::ReadView>(*env_)) {
    // The store starts at the zone file's serial, as `serve` binds them.
    auto synced =
        writer_->submit(store::SyncStaticZone{zone_->soa().serial, zone_->digest()}).get();
    INFO((synced ? "" : synced.error().message));
    REQUIRE(synced);
    context.zone = zone_.get();
    context.now = answer_now;
}

AnswerFixture::~AnswerFixture() = default;

void AnswerFixture::put_value(std::string_view host, std::string_view text, std::uint32_t ttl,
                              std::uint64_t expires_at) {
    // The store refuses values that are already expired, so one that expires by answer_now is
    // written just before it expires.
    const std::uint64_t written_at = std::min(answer_now, expires_at - 1);
    store::PutValue op = store::test::put(host, text, expires_at, written_at);
    op.ttl = ttl;
    auto done = writer_->submit(std::move(op)).get();
    INFO((done ? "" : done.error().message));
    REQUIRE(done);
}

std::uint32_t AnswerFixture::serial() {
    auto current = store::current_serial(*env_);
    REQUIRE(current);
    return *current;
}

std::size_t AnswerFixture::answer_into(std::span<const std::uint8_t> query,
                                       std::span<std::uint8_t> out, Transport transport) {
    context.view = view_.get();
    context.view_ok = !fail_renew && view_->renew();
    const std::size_t size = answer(query, out, transport, context, info_);
    view_->reset();
    return size;
}

Bytes AnswerFixture::ask(const Bytes& query, Transport transport) {
    Bytes out(transport == Transport::Udp ? max_udp_response : max_tcp_response);
    out.resize(answer_into(query, out, transport));
    if (!info_.dropped) {
        const std::size_t limit = transport == Transport::Udp
                                      ? dcvd::test::udp_limit(query, context.edns_payload)
                                      : dcvd::test::tcp_limit;
        DCVD_REQUIRE_VALID_RESPONSE(query, out, limit);
    }
    return out;
}

LdnsPkt AnswerFixture::ask(const QuerySpec& spec, Transport transport) {
    const Bytes response = ask(dcvd::test::make_query(spec), transport);
    LdnsPkt pkt = dcvd::test::parse(response);
    REQUIRE(pkt);
    return pkt;
}

unsigned rcode_of(const ldns_pkt* pkt) {
    return static_cast<unsigned>(ldns_pkt_get_rcode(pkt)) |
           (ldns_pkt_edns(pkt) ? unsigned{ldns_pkt_edns_extended_rcode(pkt)} << 4 : 0U);
}

} // namespace dcvd::dns::test
