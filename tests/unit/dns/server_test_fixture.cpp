// unit/dns/server_test_fixture.cpp: server set-up over a temp store, and loopback clients.
#include "server_test_fixture.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <csignal>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "dcvd/base/clock.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "support/tcp_frame.hpp"

namespace dcvd::dns::test {
namespace {

constexpr std::string_view zone_text = R"($ORIGIN validation.example.net.
$TTL 3600
@    IN SOA ns1 hostmaster.example.net. 1 3600 600 1209600 60
@    IN NS  ns1
ns1  IN A   192.0.2.1
)";

/// Milliseconds left until `until` (0 when passed), for poll().
int remaining_ms(std::chrono::steady_clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

/// Waits until `fd` is readable; false at the deadline.
bool wait_readable(int fd, std::chrono::steady_clock::time_point until) {
    pollfd watched{fd, POLLIN, 0};
    int ready = 0;
    do {
        ready = ::poll(&watched, 1, remaining_ms(until));
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
}

uv::Socket connected_socket(const uv::Endpoint& server, int type) {
    uv::Socket socket(::socket(server.family(), type | SOCK_CLOEXEC, 0));
    REQUIRE(socket.fd() >= 0);
    REQUIRE(::connect(socket.fd(), server.address(), server.size()) == 0);
    return socket;
}

} // namespace

std::shared_ptr<const zone::StaticZone> make_zone(std::string_view extra) {
    wire::Name apex;
    REQUIRE(wire::Name::from_text(store::test::apex, apex));
    auto zone = zone::StaticZone::parse(std::string(zone_text) + std::string(extra), apex, "test");
    INFO((zone ? "" : zone.error().message));
    REQUIRE(zone);
    return *zone;
}

ServerOptions test_options() {
    ServerOptions options;
    options.listen = {"127.0.0.1:0", "[::1]:0"};
    options.workers = 2;
    return options;
}

ServerFixture::ServerFixture(ServerOptions options)
    : env_(store::test::open_store(store::test::options_in(dir_))),
      writer_(std::make_unique<store::Writer>(*env_)), zones_(make_zone()),
      server_(std::make_unique<Server>(std::move(options), *env_, zones_)) {
    // A peer that resets a connection must not kill the test with SIGPIPE (cli ignores it too).
    std::signal(SIGPIPE, SIG_IGN);
    const auto started = server_->start();
    INFO((started ? "" : started.error().message));
    REQUIRE(started);
}

ServerFixture::~ServerFixture() {
    server_.reset();
}

void ServerFixture::put_value(std::string_view host, std::string_view text) {
    const auto now = base::unix_now();
    const auto applied = writer_->apply_all({store::test::put(host, text, now + 3600, now)});
    INFO((applied ? "" : applied.error().message));
    REQUIRE(applied);
}

uv::Endpoint ServerFixture::endpoint(std::string_view transport, int family) const {
    std::optional<uv::Endpoint> found;
    for (const auto& bound : server_->bound()) {
        auto parsed = uv::Endpoint::parse(bound.address);
        REQUIRE(parsed);
        if (bound.transport == transport && parsed->family() == family) {
            found = *parsed;
        }
    }
    INFO("no " << transport << " address of family " << family << " is bound");
    REQUIRE(found);
    return *found;
}

Bytes txt_query(const std::string& name, std::uint16_t id) {
    dcvd::test::QuerySpec spec;
    spec.qname = name;
    spec.id = id;
    spec.edns_payload = 1232;
    return dcvd::test::make_query(spec);
}

std::string target(std::string_view host) {
    return fmt::format("{}.{}", host, store::test::apex);
}

std::vector<std::string> answer_texts(const Bytes& response) {
    const auto parsed = dcvd::test::parse(response);
    REQUIRE(parsed);
    std::vector<std::string> texts;
    const ldns_rr_list* answers = ldns_pkt_answer(parsed.get());
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(answers); ++i) {
        const ldns_rr* rr = ldns_rr_list_rr(answers, i);
        if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_TXT) {
            texts.push_back(dcvd::test::text(ldns_rr_rdf(rr, 0)));
        }
    }
    return texts;
}

std::uint16_t message_id(const Bytes& message) {
    REQUIRE(message.size() >= 2);
    return static_cast<std::uint16_t>((message[0] << 8U) | message[1]);
}

UdpClient::UdpClient(const uv::Endpoint& server) : socket_(connected_socket(server, SOCK_DGRAM)) {
    // Room for a burst of responses that arrive before the test reads any.
    static_cast<void>(uv::set_buffer_sizes(socket_, std::size_t{1} << 20U));
}

void UdpClient::send(const Bytes& message) {
    REQUIRE(::send(socket_.fd(), message.data(), message.size(), 0) ==
            static_cast<ssize_t>(message.size()));
}

std::optional<Bytes> UdpClient::receive() {
    if (!wait_readable(socket_.fd(), std::chrono::steady_clock::now() + deadline)) {
        return std::nullopt;
    }
    Bytes datagram(65535);
    const ssize_t size = ::recv(socket_.fd(), datagram.data(), datagram.size(), 0);
    REQUIRE(size >= 0);
    datagram.resize(static_cast<std::size_t>(size));
    return datagram;
}

TcpClient::TcpClient(const uv::Endpoint& server) : socket_(connected_socket(server, SOCK_STREAM)) {
    const int on = 1;
    REQUIRE(setsockopt(socket_.fd(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0);
}

void TcpClient::send_raw(const Bytes& bytes) {
    REQUIRE(::send(socket_.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
}

void TcpClient::send_message(const Bytes& message) {
    send_raw(dcvd::test::tcp_framed(message));
}

void TcpClient::shutdown_write() {
    REQUIRE(::shutdown(socket_.fd(), SHUT_WR) == 0);
}

std::optional<Bytes> TcpClient::read_message() {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::array<std::uint8_t, 2> prefix{};
    if (!read_exactly(prefix.data(), prefix.size(), until)) {
        return std::nullopt;
    }
    Bytes message(static_cast<std::size_t>((prefix[0] << 8U) | prefix[1]));
    if (!read_exactly(message.data(), message.size(), until)) {
        return std::nullopt;
    }
    return message;
}

bool TcpClient::wait_for_close() {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::array<std::uint8_t, 512> skipped{};
    while (wait_readable(socket_.fd(), until)) {
        const ssize_t size = ::recv(socket_.fd(), skipped.data(), skipped.size(), 0);
        if (size == 0 || (size < 0 && errno == ECONNRESET)) {
            return true;
        }
    }
    return false;
}

bool TcpClient::read_exactly(std::uint8_t* out, std::size_t size,
                             std::chrono::steady_clock::time_point until) {
    std::size_t done = 0;
    while (done < size) {
        if (!wait_readable(socket_.fd(), until)) {
            return false;
        }
        const ssize_t got = ::recv(socket_.fd(), out + done, size - done, 0);
        if (got <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

} // namespace dcvd::dns::test
