// bench/answer_bench.cpp: dcvd_answer_bench, the cost of the answer path alone: query bytes in,
// response bytes out, no sockets, over a real store and zone (made by `dcvd txt import` from the
// bench data set; bench/answer_cost.py does it all). Queries go through the worker's own
// BatchContext in batches of UdpBatch::capacity, as recvmmsg hands them over, so the per-batch
// store renewal and the counters are in the price. Two modes:
//   default      a Catch2 benchmark per query file: wall time per query
//   --count N    answers N queries in one function, answer_queries(), for callgrind
//                (--toggle-collect=answer_queries): instructions per query, stable on a noisy
//                machine
#define CATCH_CONFIG_RUNNER
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>

#include <ldns/ldns.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "batch_context.hpp"
#include "dcvd/dns/zone_slot.hpp"
#include "dcvd/store/env.hpp"
#include "dcvd/wire/name.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "udp_batch.hpp"
#include "worker_counters.hpp"

namespace {

using dcvd::dns::BatchContext;
using dcvd::dns::Transport;
using dcvd::dns::UdpBatch;

using Packet = std::vector<std::uint8_t>;

struct Options {
    std::string store;
    std::string zone_file;
    std::string apex;
    std::vector<std::string> query_files;
    long long count = 0; // > 0: the callgrind mode
};

/// One query per "name TYPE" line of a dnsperf file (the first `limit` lines when limit > 0),
/// built by ldns as dnsperf sends them: RD set, no EDNS, IDs counting up.
std::vector<Packet> read_queries(const std::string& path, std::size_t limit) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::vector<Packet> queries;
    std::string name;
    std::string type;
    while ((limit == 0 || queries.size() < limit) && in >> name >> type) {
        const ldns_rr_type rr_type = ldns_get_rr_type_by_name(type.c_str());
        ldns_pkt* pkt = nullptr;
        if (rr_type == 0 ||
            ldns_pkt_query_new_frm_str(&pkt, name.c_str(), rr_type, LDNS_RR_CLASS_IN, LDNS_RD) !=
                LDNS_STATUS_OK) {
            throw std::runtime_error(path + ": cannot build a query for " + name + " " + type);
        }
        ldns_pkt_set_id(pkt, static_cast<std::uint16_t>(queries.size()));
        std::uint8_t* wire = nullptr;
        std::size_t size = 0;
        const ldns_status status = ldns_pkt2wire(&wire, pkt, &size);
        ldns_pkt_free(pkt);
        if (status != LDNS_STATUS_OK) {
            throw std::runtime_error(path + ": cannot encode " + name);
        }
        queries.emplace_back(wire, wire + size);
        std::free(wire); // NOLINT(cppcoreguidelines-no-malloc): ldns allocates with malloc
    }
    if (queries.empty()) {
        throw std::runtime_error(path + ": no queries");
    }
    return queries;
}

/// A worker's answering state without its sockets: the store, the zone, one BatchContext.
class AnswerPath {
public:
    explicit AnswerPath(const Options& options) {
        dcvd::wire::Name apex;
        if (!dcvd::wire::Name::from_text(options.apex, apex)) {
            throw std::runtime_error("bad apex " + options.apex);
        }
        auto zone = dcvd::zone::StaticZone::load(options.zone_file, apex.lowered());
        if (!zone) {
            throw std::runtime_error(zone.error().message);
        }
        dcvd::store::Options store;
        store.path = options.store;
        auto env = dcvd::store::Env::open(store, options.apex, dcvd::store::Env::Mode::ReadOnly);
        if (!env) {
            throw std::runtime_error(env.error().message);
        }
        env_ = std::move(*env);
        zones_ = std::make_unique<dcvd::dns::ZoneSlot>(std::move(*zone));
        batch_ = std::make_unique<BatchContext>(*env_, *zones_, 1232, counters_);
    }

    /// Answers queries[first .. first + n) (wrapping) in batches as a worker does; returns the
    /// sum of the response lengths, which the caller keeps so nothing is optimized away.
    std::size_t answer(const std::vector<Packet>& queries, std::size_t first, std::size_t n) {
        std::size_t octets = 0;
        std::size_t index = first % queries.size();
        for (std::size_t done = 0; done < n;) {
            const std::size_t in_batch = std::min(UdpBatch::capacity, n - done);
            batch_->begin();
            for (std::size_t i = 0; i < in_batch; ++i) {
                octets += batch_->answer(queries[index], response_, Transport::Udp);
                index = index + 1 == queries.size() ? 0 : index + 1;
            }
            batch_->end();
            done += in_batch;
        }
        return octets;
    }

    /// RCODE counts of one pass over `queries` (dropped ones under "dropped").
    std::map<std::string, std::size_t> rcodes(const std::vector<Packet>& queries) {
        std::map<std::string, std::size_t> counts;
        batch_->begin();
        for (const auto& query : queries) {
            const std::size_t length = batch_->answer(query, response_, Transport::Udp);
            if (length < 4) {
                ++counts["dropped"];
                continue;
            }
            char* text = ldns_pkt_rcode2str(static_cast<ldns_pkt_rcode>(response_[3] & 0x0f));
            ++counts[text != nullptr ? text : "?"];
            std::free(text); // NOLINT(cppcoreguidelines-no-malloc): ldns allocates with malloc
        }
        batch_->end();
        return counts;
    }

private:
    std::unique_ptr<dcvd::store::Env> env_;
    std::unique_ptr<dcvd::dns::ZoneSlot> zones_;
    dcvd::dns::WorkerCounters counters_;
    std::unique_ptr<BatchContext> batch_;
    std::array<std::uint8_t, dcvd::dns::max_udp_response> response_{};
};

struct Setup {
    Options options;
    std::unique_ptr<AnswerPath> path;
    std::vector<std::vector<Packet>> queries; // one per query file
};

Setup* setup = nullptr; // the benchmark's TEST_CASE reads what main() prepared

void print_rcodes(const std::string& file, const std::map<std::string, std::size_t>& counts) {
    std::cout << "rcodes " << file << ":";
    for (const auto& [rcode, count] : counts) {
        std::cout << " " << rcode << "=" << count;
    }
    std::cout << "\n";
}

} // namespace

/// The callgrind mode's measured part: --toggle-collect=answer_queries counts this call only.
extern "C" __attribute__((noinline)) std::size_t
answer_queries(AnswerPath* path, const std::vector<Packet>* queries, long long count) {
    return path->answer(*queries, 0, static_cast<std::size_t>(count));
}

TEST_CASE("answer path: query bytes in, response bytes out", "[answer]") {
    for (std::size_t f = 0; f < setup->queries.size(); ++f) {
        const auto& queries = setup->queries[f];
        std::size_t next = 0;
        BENCHMARK("one query, " + setup->options.query_files[f]) {
            // Batches of one capacity each call: renewal amortized as in the worker.
            const std::size_t octets = setup->path->answer(queries, next, UdpBatch::capacity);
            next += UdpBatch::capacity;
            return octets;
        };
    }
}

int main(int argc, char* argv[]) {
    Catch::Session session;
    Setup prepared;
    auto& options = prepared.options;
    using Catch::clara::Opt;
    session.cli(session.cli() |
                Opt(options.store, "dir")["--store"]("dcvd store directory (required)") |
                Opt(options.zone_file, "file")["--zone"]("the static zone file (required)") |
                Opt(options.apex, "name")["--apex"]("the zone's apex (required)") |
                Opt(options.query_files,
                    "file")["--queries"]("dnsperf query file; repeat for more (at least one)") |
                Opt(options.count, "n")["--count"](
                    "answer N queries of the first file in answer_queries() and exit (for "
                    "callgrind) instead of benchmarking"));
    if (const int status = session.applyCommandLine(argc, argv); status != 0) {
        return status;
    }
    if (session.configData().showHelp) {
        return 0;
    }
    if (options.store.empty() || options.zone_file.empty() || options.apex.empty() ||
        options.query_files.empty()) {
        std::cerr << "dcvd_answer_bench: --store, --zone, --apex and --queries are required "
                     "(see --help)\n";
        return 2;
    }
    try {
        prepared.path = std::make_unique<AnswerPath>(options);
        for (const auto& file : options.query_files) {
            // Under callgrind only what is counted is read: ldns there costs more than answering.
            prepared.queries.push_back(
                read_queries(file, static_cast<std::size_t>(std::max(0LL, options.count))));
            // Benchmarks start with a pass over the whole file: it faults in the store's pages,
            // as a server's first seconds do, and shows the answers are the ones expected.
            // callgrind counts instructions, which page faults do not change: no pass there.
            if (options.count == 0) {
                print_rcodes(file, prepared.path->rcodes(prepared.queries.back()));
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "dcvd_answer_bench: " << e.what() << "\n";
        return 1;
    }
    if (options.count > 0) {
        const std::size_t octets =
            answer_queries(prepared.path.get(), &prepared.queries.front(), options.count);
        std::cout << "answered " << options.count << " queries, " << octets << " response octets\n";
        return 0;
    }
    setup = &prepared;
    return session.run();
}
