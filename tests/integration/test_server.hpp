// integration/test_server.hpp: the TestServer fixture (STYLE.md §9): the real dcvd binary on
// ephemeral loopback ports with a fresh temp dir (zone file, config, LMDB store, log), killed on
// destruction, its log printed when the test failed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "dns_message.hpp"
#include "net.hpp"

namespace dcvd::integration {

/// How long a test waits for something the server should do promptly.
inline constexpr milliseconds reply_timeout{3000};
/// How long a test waits to be sure that no reply comes.
inline constexpr milliseconds silence_timeout{300};

/// The fixed TXT value the test zone publishes at its apex.
inline constexpr const char* apex_txt = "dcvd integration test zone";

/// The knobs tests turn; everything else is the fixture's fixed configuration.
struct ServerSettings {
    unsigned workers = 2;
    std::size_t tcp_max_connections = 256;
    std::string tcp_idle_timeout = "2s";
    std::string purge_interval = "1s";
    std::uint32_t soa_ttl = 3600; ///< the SOA MINIMUM is 300
    /// TOML appended to the configuration: the checker is off unless a test configures it (it
    /// would ask a resolver on 127.0.0.1:53 about the tests' hosts).
    std::string extra_config = "[checker]\nenabled = false\n";
};

/// The test zone: SOA, NS ns1/ns2 with A and AAAA glue, the apex TXT, then `extra_records`
/// (zone file lines relative to the apex).
/// A new directory under the system's temp dir ("dcvd-it-XXXXXX"); the caller removes it.
[[nodiscard]] std::filesystem::path make_temp_dir();

[[nodiscard]] std::string zone_text(std::uint32_t serial, std::uint32_t soa_ttl,
                                    const std::string& extra_records = "");

class TestServer {
public:
    /// Starts dcvd and waits for its ready file; REQUIREs that it comes up.
    explicit TestServer(ServerSettings settings = {});
    /// SIGTERM, then SIGKILL after a deadline; prints the log if the test failed; removes the dir.
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }
    [[nodiscard]] const std::filesystem::path& config_path() const noexcept { return config_; }
    [[nodiscard]] const std::filesystem::path& zone_path() const noexcept { return zone_; }
    [[nodiscard]] const Endpoint& udp() const noexcept { return udp4_; }
    [[nodiscard]] const Endpoint& tcp() const noexcept { return tcp4_; }
    [[nodiscard]] const Endpoint& udp6() const noexcept { return udp6_; }
    [[nodiscard]] const Endpoint& tcp6() const noexcept { return tcp6_; }
    /// The server's stderr so far.
    [[nodiscard]] std::string log() const;

    /// `dcvd ARGS... --config <ours>`, to completion.
    [[nodiscard]] CommandResult cli(std::vector<std::string> args,
                                    const std::optional<std::string>& stdin_text = {}) const;
    /// Any program (dcvd without --config, kdig, dig, ldns-read-zone), to completion.
    [[nodiscard]] CommandResult run(const std::vector<std::string>& argv) const;
    /// `dcvd txt add HOST VALUE EXTRA...`; REQUIREs success.
    void txt_add(const std::string& host, const std::string& value,
                 const std::vector<std::string>& extra = {}) const;

    /// Sends the query over UDP (IPv4 unless `server` is given) and REQUIREs a response that
    /// passes the shared response check; returns it parsed.
    [[nodiscard]] Packet udp_query(const QuerySpec& spec) const;
    [[nodiscard]] Packet udp_query(const QuerySpec& spec, const Endpoint& server) const;
    /// The same over a fresh TCP connection.
    [[nodiscard]] Packet tcp_query(const QuerySpec& spec) const;
    [[nodiscard]] Packet tcp_query(const QuerySpec& spec, const Endpoint& server) const;
    /// Sends arbitrary bytes in one datagram; the reply, or nullopt when none came in `timeout`.
    [[nodiscard]] std::optional<Bytes> udp_exchange(std::span<const std::uint8_t> datagram,
                                                    milliseconds timeout = reply_timeout) const;
    /// The HTTP API's "ip:port".
    [[nodiscard]] std::string http_address() const {
        return http_.host() + ":" + std::to_string(http_.port());
    }
    /// Proves the server still answers: an apex SOA query over UDP gets NOERROR with the SOA.
    void require_answering() const;

    /// Replaces the zone file (atomically) with `text`.
    void write_zone(const std::string& text) const;
    /// Sends SIGHUP and waits until the log shows the reload was handled (done or refused);
    /// returns what the server logged since the signal.
    std::string reload();
    /// Sends SIGTERM; the exit code, or nullopt when it did not exit within `timeout`.
    [[nodiscard]] std::optional<int> terminate(milliseconds timeout);
    /// SIGKILLs the server (no drain, no clean close) and starts it again on the same store and
    /// configuration; ports are new (udp(), http_address() and the rest follow).
    void kill_and_restart();

private:
    /// Spawns `dcvd serve` and waits for its ready file.
    void start();
    void wait_ready();
    /// Stops the server, prints its log when the test failed, removes the temp dir.
    void shut_down(bool failed_to_start) noexcept;

    std::filesystem::path dir_;
    std::filesystem::path config_;
    std::filesystem::path zone_;
    std::filesystem::path log_;
    std::filesystem::path ready_;
    std::unique_ptr<ChildProcess> process_;
    Endpoint udp4_, tcp4_, udp6_, tcp6_, http_;
    std::uint64_t failures_at_start_ = 0;
    int uncaught_at_start_ = 0;
};

enum class Transport { Udp, Tcp };

/// REQUIREs that the response to `query` passes the shared response check (ID, opcode and
/// question echoed, QR and AA set, RA clear, EDNS, within the size limit of the transport: over
/// UDP the query's EDNS payload clamped to [512, ours], RFC 6891 §6.2.5) and returns it parsed.
[[nodiscard]] Packet checked_response(std::span<const std::uint8_t> query,
                                      std::span<const std::uint8_t> response, Transport transport);

} // namespace dcvd::integration
