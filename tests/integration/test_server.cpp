// integration/test_server.cpp: starts, queries, reloads and stops the dcvd binary under test.
#include "test_server.hpp"

#include <catch2/catch.hpp>
#include <signal.h>
#include <stdlib.h>

#include <exception>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "failure_count.hpp"
#include "support/response_check.hpp"

namespace dcvd::integration {
namespace {

using Clock = std::chrono::steady_clock;

constexpr milliseconds start_timeout{10000}; // generous: the suite also runs under ASan
constexpr milliseconds stop_timeout{5000};
constexpr milliseconds command_timeout{15000};
constexpr milliseconds poll_step{20};

std::string config_text(const ServerSettings& settings, const std::filesystem::path& zone,
                        const std::filesystem::path& store) {
    std::ostringstream text;
    text << "[zone]\n"
         << "name = \"" << zone_apex << "\"\n"
         << "file = \"" << zone.string() << "\"\n"
         << "[dns]\n"
         << "listen = [\"127.0.0.1:0\", \"[::1]:0\"]\n"
         << "workers = " << settings.workers << "\n"
         << "edns_payload = " << server_edns_payload << "\n"
         << "tcp_idle_timeout = \"" << settings.tcp_idle_timeout << "\"\n"
         << "tcp_max_connections = " << settings.tcp_max_connections << "\n"
         << "[api]\n"
         << "listen = [\"127.0.0.1:0\"]\n"
         << "[store]\n"
         << "path = \"" << store.string() << "\"\n"
         << "purge_interval = \"" << settings.purge_interval << "\"\n"
         << "[log]\n"
         << "level = \"debug\"\n"
         << settings.extra_config;
    return text.str();
}

/// The first address of `transport` and family in the ready file's lines.
std::optional<Endpoint> find_bound(const std::string& ready, const std::string& transport,
                                   bool ipv6) {
    std::istringstream lines(ready);
    std::string kind;
    std::string address;
    while (lines >> kind >> address) {
        if (kind == transport && (address.front() == '[') == ipv6) {
            return Endpoint::parse(address);
        }
    }
    return std::nullopt;
}

} // namespace

std::filesystem::path make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dcvd-it-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    return pattern;
}

std::string zone_text(std::uint32_t serial, std::uint32_t soa_ttl,
                      const std::string& extra_records) {
    std::ostringstream text;
    text << "$ORIGIN " << zone_apex << "\n"
         << "$TTL 3600\n"
         << "@ " << soa_ttl << " IN SOA ns1 hostmaster.example.net. " << serial
         << " 7200 3600 1209600 300\n"
         << "@ IN NS ns1\n"
         << "@ IN NS ns2\n"
         << "ns1 IN A 192.0.2.1\n"
         << "ns1 IN AAAA 2001:db8::1\n"
         << "ns2 IN A 198.51.100.2\n"
         << "ns2 IN AAAA 2001:db8::2\n"
         << "@ IN TXT \"" << apex_txt << "\"\n"
         << extra_records;
    return text.str();
}

TestServer::TestServer(ServerSettings settings)
    : dir_(make_temp_dir()), config_(dir_ / "dcvd.toml"), zone_(dir_ / "zone"),
      log_(dir_ / "server.log"), ready_(dir_ / "ready"), failures_at_start_(failed_assertions()),
      uncaught_at_start_(std::uncaught_exceptions()) {
    write_zone(zone_text(2024010101, settings.soa_ttl));
    write_text_file(config_, config_text(settings, zone_, dir_ / "var"));
    try {
        start();
    } catch (...) {
        shut_down(true); // no destructor runs for an object whose constructor threw
        throw;
    }
}

void TestServer::start() {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{DCVD_BINARY, "serve", "--config", config_.string(), "--ready-file",
                                 ready_.string()},
        ChildIo{"/dev/null", dir_ / "server.out", log_});
    wait_ready();
}

void TestServer::kill_and_restart() {
    REQUIRE(process_->send_signal(SIGKILL));
    REQUIRE(process_->wait_exit(stop_timeout) == 128 + SIGKILL);
    std::filesystem::remove(ready_);
    // The killed run's log goes aside, so that a failure shows both.
    std::filesystem::rename(log_, dir_ / "server-killed.log");
    start();
}

void TestServer::wait_ready() {
    const auto deadline = Clock::now() + start_timeout;
    while (!std::filesystem::exists(ready_)) {
        // Waiting on the process doubles as the pause between looks at the file.
        if (const auto code = process_->wait_exit(poll_step)) {
            FAIL("dcvd serve exited with " << *code << " before it was ready");
        }
        if (Clock::now() > deadline) {
            FAIL("dcvd serve wrote no ready file within " << start_timeout.count() << " ms");
        }
    }
    const std::string ready = read_text_file(ready_);
    INFO("ready file:\n" << ready);
    const auto udp4 = find_bound(ready, "udp", false);
    const auto tcp4 = find_bound(ready, "tcp", false);
    const auto udp6 = find_bound(ready, "udp", true);
    const auto tcp6 = find_bound(ready, "tcp", true);
    REQUIRE(udp4);
    REQUIRE(tcp4);
    REQUIRE(udp6);
    REQUIRE(tcp6);
    const auto http = find_bound(ready, "http", false);
    REQUIRE(http);
    http_ = *http;
    udp4_ = *udp4;
    tcp4_ = *tcp4;
    udp6_ = *udp6;
    tcp6_ = *tcp6;
}

TestServer::~TestServer() {
    shut_down(false);
}

void TestServer::shut_down(bool failed_to_start) noexcept {
    if (process_ && process_->is_running()) {
        process_->send_signal(SIGTERM);
        if (!process_->wait_exit(stop_timeout)) {
            std::cerr << "dcvd serve ignored SIGTERM for " << stop_timeout.count()
                      << " ms; killing it\n";
        }
    }
    process_.reset(); // SIGKILLs and reaps a server still running
    const bool failed = failed_to_start || failed_assertions() > failures_at_start_ ||
                        std::uncaught_exceptions() > uncaught_at_start_;
    if (failed) {
        const auto killed = dir_ / "server-killed.log";
        if (std::filesystem::exists(killed)) {
            std::cerr << "----- killed dcvd serve log -----\n" << read_text_file(killed);
        }
        std::cerr << "----- dcvd serve log (" << log_.string() << ") -----\n"
                  << log() << "----- end of dcvd serve log -----\n";
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::string TestServer::log() const {
    return read_text_file(log_);
}

CommandResult TestServer::cli(std::vector<std::string> args,
                              const std::optional<std::string>& stdin_text) const {
    args.insert(args.begin(), DCVD_BINARY);
    args.emplace_back("--config");
    args.push_back(config_.string());
    return run_command(args, dir_, stdin_text, command_timeout);
}

CommandResult TestServer::run(const std::vector<std::string>& argv) const {
    return run_command(argv, dir_, std::nullopt, command_timeout);
}

void TestServer::txt_add(const std::string& host, const std::string& value,
                         const std::vector<std::string>& extra) const {
    std::vector<std::string> args{"txt", "add", host, value};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = cli(args);
    INFO("dcvd txt add stderr: " << result.err);
    REQUIRE(result.exit_code == 0);
}

Packet TestServer::udp_query(const QuerySpec& spec) const {
    return udp_query(spec, udp4_);
}

Packet TestServer::udp_query(const QuerySpec& spec, const Endpoint& server) const {
    const Bytes query = make_query(spec);
    UdpClient client(server);
    client.send(query);
    const auto response = client.receive(reply_timeout);
    INFO("UDP query " << spec.name << " to " << server.text);
    REQUIRE(response);
    return checked_response(query, *response, Transport::Udp);
}

Packet TestServer::tcp_query(const QuerySpec& spec) const {
    return tcp_query(spec, tcp4_);
}

Packet TestServer::tcp_query(const QuerySpec& spec, const Endpoint& server) const {
    const Bytes query = make_query(spec);
    TcpClient client(server);
    REQUIRE(client.send_message(query));
    const auto response = client.receive_message(reply_timeout);
    INFO("TCP query " << spec.name << " to " << server.text);
    REQUIRE(response);
    return checked_response(query, *response, Transport::Tcp);
}

std::optional<Bytes> TestServer::udp_exchange(std::span<const std::uint8_t> datagram,
                                              milliseconds timeout) const {
    UdpClient client(udp4_);
    client.send(datagram);
    return client.receive(timeout);
}

void TestServer::require_answering() const {
    const auto response = udp_query({.name = zone_apex, .type = LDNS_RR_TYPE_SOA});
    REQUIRE(ldns_pkt_get_rcode(response.get()) == LDNS_RCODE_NOERROR);
    REQUIRE(records(*response, LDNS_SECTION_ANSWER, LDNS_RR_TYPE_SOA).size() == 1);
}

void TestServer::write_zone(const std::string& text) const {
    write_text_file(zone_, text);
}

std::string TestServer::reload() {
    const auto seen = log().size();
    REQUIRE(process_->send_signal(SIGHUP));
    const auto deadline = Clock::now() + reply_timeout;
    while (log().find("reload", seen) == std::string::npos) {
        if (const auto code = process_->wait_exit(poll_step)) {
            FAIL("dcvd serve exited with " << *code << " on SIGHUP");
        }
        if (Clock::now() > deadline) {
            FAIL("dcvd serve logged no reload within " << reply_timeout.count() << " ms");
        }
    }
    return log().substr(seen);
}

Packet checked_response(std::span<const std::uint8_t> query, std::span<const std::uint8_t> response,
                        Transport transport) {
    const std::size_t limit =
        transport == Transport::Udp ? test::udp_limit(query, server_edns_payload) : test::tcp_limit;
    DCVD_REQUIRE_VALID_RESPONSE(query, response, limit);
    auto parsed = parse_message(response);
    REQUIRE(parsed);
    return parsed;
}

std::optional<int> TestServer::terminate(milliseconds timeout) {
    process_->send_signal(SIGTERM);
    return process_->wait_exit(timeout);
}

} // namespace dcvd::integration
