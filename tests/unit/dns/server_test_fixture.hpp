// unit/dns/server_test_fixture.hpp: an in-process dns::Server on loopback port 0 over a real
// store and zone, and blocking UDP/TCP clients whose every wait has a deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../store/store_fixture.hpp"
#include "dcvd/dns/server.hpp"
#include "dcvd/dns/zone_slot.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/uv/endpoint.hpp"
#include "dcvd/uv/socket.hpp"
#include "support/test_message.hpp"

namespace dcvd::dns::test {

using dcvd::test::Bytes;

/// How long any wait for the server may take before the test fails.
inline constexpr std::chrono::seconds deadline{5};

/// The test zone (apex validation.example.net.: SOA, NS, glue) plus `extra` zone-file lines.
[[nodiscard]] std::shared_ptr<const zone::StaticZone> make_zone(std::string_view extra = {});

/// Two workers on 127.0.0.1:0 and [::1]:0.
[[nodiscard]] ServerOptions test_options();

/// A fresh store, the test zone, and a started server; stops the server before the store goes.
class ServerFixture {
public:
    explicit ServerFixture(ServerOptions options = test_options());
    ~ServerFixture();
    ServerFixture(const ServerFixture&) = delete;
    ServerFixture& operator=(const ServerFixture&) = delete;

    [[nodiscard]] Server& server() noexcept { return *server_; }
    [[nodiscard]] ZoneSlot& zones() noexcept { return zones_; }
    [[nodiscard]] store::Env& env() noexcept { return *env_; }
    /// Publishes challenge value `text` at `<host>.<apex>`, valid for an hour; durable on return.
    void put_value(std::string_view host, std::string_view text);
    /// The bound address of `transport` ("udp"/"tcp") in `family` (AF_INET/AF_INET6).
    [[nodiscard]] uv::Endpoint endpoint(std::string_view transport, int family) const;

private:
    store::test::TempDir dir_;
    std::unique_ptr<store::Env> env_;
    std::unique_ptr<store::Writer> writer_;
    ZoneSlot zones_;
    std::unique_ptr<Server> server_;
};

/// A TXT query for `name` with message ID `id`, written by ldns.
[[nodiscard]] Bytes txt_query(const std::string& name, std::uint16_t id = 0x4242);
/// The target of `host` in the test zone.
[[nodiscard]] std::string target(std::string_view host);
/// The TXT strings of the answer section, parsed by ldns ("\"value\"" each), in order.
[[nodiscard]] std::vector<std::string> answer_texts(const Bytes& response);
/// The message ID of a message (first two octets).
[[nodiscard]] std::uint16_t message_id(const Bytes& message);

/// A UDP socket connect()ed to the server: only the server's own replies reach it.
class UdpClient {
public:
    explicit UdpClient(const uv::Endpoint& server);
    void send(const Bytes& message);
    /// The next datagram, or nullopt at the deadline.
    [[nodiscard]] std::optional<Bytes> receive();

private:
    uv::Socket socket_;
};

/// A blocking TCP connection to the server with deadline-bound reads.
class TcpClient {
public:
    explicit TcpClient(const uv::Endpoint& server);
    /// Writes `bytes` as they are (TCP_NODELAY: each call leaves as its own segment).
    void send_raw(const Bytes& bytes);
    /// Writes `message` with its two-octet length prefix (RFC 7766 §8).
    void send_message(const Bytes& message);
    /// Half-closes: the server reads EOF after what was sent.
    void shutdown_write();
    /// The next length-prefixed message; nullopt when the server closed or at the deadline.
    [[nodiscard]] std::optional<Bytes> read_message();
    /// True when the server closed the connection (EOF or reset) before the deadline; data
    /// still arriving is skipped.
    [[nodiscard]] bool wait_for_close();

private:
    /// Reads exactly `size` octets into `out`; false on EOF, error or deadline.
    [[nodiscard]] bool read_exactly(std::uint8_t* out, std::size_t size,
                                    std::chrono::steady_clock::time_point until);
    uv::Socket socket_;
};

} // namespace dcvd::dns::test
