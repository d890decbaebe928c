// tests/unit/metrics/text_test.cpp: the Prometheus text exposition format (0.0.4) as written:
// HELP and TYPE lines, label escaping, cumulative histogram buckets ending in +Inf.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "dcvd/metrics/instruments.hpp"
#include "dcvd/metrics/text.hpp"

namespace dcvd::metrics {

TEST_CASE("a scrape is HELP and TYPE lines, then samples, byte for byte", "[metrics]") {
    Text text;
    text.family("dcvd_dns_queries_total", Type::Counter, "DNS queries received.");
    text.sample("dcvd_dns_queries_total", {{"transport", "udp"}}, std::uint64_t{12});
    text.sample("dcvd_dns_queries_total", {{"transport", "tcp"}}, std::uint64_t{0});
    text.gauge("dcvd_store_map_size_bytes", "LMDB map size.", 1073741824.0);
    text.counter("dcvd_store_commits_total", "Commits.", 3);
    text.family("dcvd_api_responses_total", Type::Counter, "Responses.");
    text.sample("dcvd_api_responses_total",
                {{"method", "GET"}, {"route", "/v1/delegations/{}"}, {"status", "200"}},
                std::uint64_t{7});
    CHECK(text.str() == "# HELP dcvd_dns_queries_total DNS queries received.\n"
                        "# TYPE dcvd_dns_queries_total counter\n"
                        "dcvd_dns_queries_total{transport=\"udp\"} 12\n"
                        "dcvd_dns_queries_total{transport=\"tcp\"} 0\n"
                        "# HELP dcvd_store_map_size_bytes LMDB map size.\n"
                        "# TYPE dcvd_store_map_size_bytes gauge\n"
                        "dcvd_store_map_size_bytes 1073741824\n"
                        "# HELP dcvd_store_commits_total Commits.\n"
                        "# TYPE dcvd_store_commits_total counter\n"
                        "dcvd_store_commits_total 3\n"
                        "# HELP dcvd_api_responses_total Responses.\n"
                        "# TYPE dcvd_api_responses_total counter\n"
                        "dcvd_api_responses_total{method=\"GET\",route=\"/v1/delegations/{}\","
                        "status=\"200\"} 7\n");
}

TEST_CASE("label values escape backslash, double quote and newline; HELP not the quote",
          "[metrics]") {
    CHECK(escape_label_value(R"(a\b"c)"
                             "\n"
                             "d") == R"(a\\b\"c\nd)");
    CHECK(escape_label_value("plain {} / text") == "plain {} / text");
    Text text;
    text.family("x", Type::Gauge, "say \"hi\"\\\nbye");
    text.sample("x", {{"path", "C:\\dir\n\"q\""}}, 1.5);
    CHECK(text.str() == "# HELP x say \"hi\"\\\\\\nbye\n"
                        "# TYPE x gauge\n"
                        "x{path=\"C:\\\\dir\\n\\\"q\\\"\"} 1.5\n");
}

TEST_CASE("special values are +Inf, -Inf and NaN", "[metrics]") {
    CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
    CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
    CHECK(format_value(std::nan("")) == "NaN");
    CHECK(format_value(0.0005) == "0.0005");
    CHECK(format_value(0.0) == "0");
}

TEST_CASE("histogram buckets are cumulative and end with +Inf, then _sum and _count", "[metrics]") {
    Histogram histogram({0.25, 0.5, 1});
    histogram.observe(0.125);
    histogram.observe(0.25); // le is inclusive
    histogram.observe(0.75);
    histogram.observe(2.0);
    histogram.observe(4.0);
    Text text;
    histogram.write(text, "dcvd_store_commit_duration_seconds", "Commit time.");
    CHECK(text.str() == "# HELP dcvd_store_commit_duration_seconds Commit time.\n"
                        "# TYPE dcvd_store_commit_duration_seconds histogram\n"
                        "dcvd_store_commit_duration_seconds_bucket{le=\"0.25\"} 2\n"
                        "dcvd_store_commit_duration_seconds_bucket{le=\"0.5\"} 2\n"
                        "dcvd_store_commit_duration_seconds_bucket{le=\"1\"} 3\n"
                        "dcvd_store_commit_duration_seconds_bucket{le=\"+Inf\"} 5\n"
                        "dcvd_store_commit_duration_seconds_sum 7.125\n"
                        "dcvd_store_commit_duration_seconds_count 5\n");
}

TEST_CASE("an empty histogram still lists every bucket at zero", "[metrics]") {
    const Histogram histogram(latency_buckets_seconds());
    Text text;
    histogram.write(text, "h", "H.");
    const std::string& out = text.str();
    CHECK(out.find("h_bucket{le=\"0.0005\"} 0\n") != std::string::npos);
    CHECK(out.find("h_bucket{le=\"1\"} 0\n") != std::string::npos);
    CHECK(out.find("h_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n") != std::string::npos);
}

TEST_CASE("a counter adds from any thread", "[metrics]") {
    Counter counter;
    counter.add();
    counter.add(41);
    CHECK(counter.get() == 42);
}

} // namespace dcvd::metrics
