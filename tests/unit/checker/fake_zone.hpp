// tests/unit/checker/fake_zone.hpp: a customer zone for the probes' tests: example.com. served by
// two scripted authorities (ns1 on 127.0.0.11, ns2 on 127.0.0.12, one port), and a scripted
// resolver that knows their names and addresses plus whatever a test adds.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "fake_dns_server.hpp"
#include "sweep.hpp"

namespace dcvd::checker::test {

/// (name, type) → zone-file lines to answer with (NODATA for anything not listed).
using ResolverTable = std::map<std::pair<std::string, ldns_rr_type>, std::vector<std::string>>;

/// Answers from `table` by the question's name and type (NODATA for the rest), AA set.
[[nodiscard]] Script answering_from(ResolverTable table);

/// Answers every query with `answers` and `rcode`, AA set.
[[nodiscard]] Script answering(std::vector<std::string> answers,
                               ldns_pkt_rcode rcode = LDNS_RCODE_NOERROR);

struct FakeZone {
    FakeDnsServer resolver;
    FakeDnsServer first;
    FakeDnsServer second;

    /// `known` adds to what the resolver knows of example.com.'s servers.
    FakeZone(Script ns1, Script ns2, ResolverTable known = {});
    [[nodiscard]] ProbeOptions options(CheckMode mode = CheckMode::Authoritative) const;
};

/// Runs `start(client, done)` on a loop of its own until the loop is idle; returns what `done`
/// got. Timeouts are short (300 ms, 2 attempts).
template <class Evidence>
Evidence run_probe(const std::function<void(DnsClient&, std::function<void(Evidence)>)>& start) {
    uv::Loop loop;
    std::optional<Evidence> outcome;
    {
        DnsClientOptions options;
        options.timeout = std::chrono::milliseconds(300);
        options.attempts = 2;
        DnsClient client(loop, options);
        start(client, [&outcome](Evidence evidence) { outcome = std::move(evidence); });
        loop.run();
    }
    REQUIRE(outcome.has_value());
    return std::move(*outcome);
}

} // namespace dcvd::checker::test
