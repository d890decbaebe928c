// tests/unit/checker/fake_dns_server.cpp: blocking sockets and poll(2) in one thread.
#include "fake_dns_server.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dcvd::checker::test {
namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    }
}

std::uint16_t id_of(const std::vector<std::uint8_t>& wire) {
    return wire.size() < 2 ? 0 : static_cast<std::uint16_t>((wire[0] << 8U) | wire[1]);
}

bool read_exactly(int fd, std::uint8_t* into, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, into + got, size - got);
        if (n <= 0) {
            return false;
        }
        got += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

FakeDnsServer::FakeDnsServer(Script script, const char* address_text, std::uint16_t port)
    : script_(std::move(script)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    require(::inet_pton(AF_INET, address_text, &address.sin_addr) == 1, "inet_pton");
    // One port for both transports: bind UDP to the port asked for (or any free one), then TCP
    // to the same, retrying the rare free UDP port TCP already has taken.
    for (int tries = 0; tries < 100 && port_ == 0; ++tries) {
        udp_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        require(udp_ >= 0, "socket");
        address.sin_port = htons(port);
        require(::bind(udp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0, "bind");
        socklen_t size = sizeof address;
        require(::getsockname(udp_, reinterpret_cast<sockaddr*>(&address), &size) == 0,
                "getsockname");
        tcp_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        require(tcp_ >= 0, "socket");
        if (::bind(tcp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            port_ = ntohs(address.sin_port);
        } else {
            require(port == 0, "bind (TCP)");
            ::close(udp_);
            ::close(tcp_);
        }
    }
    require(port_ != 0, "no port free for UDP and TCP");
    require(::listen(tcp_, 16) == 0, "listen");
    require(::pipe2(stop_pipe_, O_CLOEXEC) == 0, "pipe2");
    thread_ = std::thread([this] { serve(); });
}

FakeDnsServer::~FakeDnsServer() {
    const char stop = 's';
    static_cast<void>(::write(stop_pipe_[1], &stop, 1));
    thread_.join();
    for (const int fd : {udp_, tcp_, stop_pipe_[0], stop_pipe_[1]}) {
        ::close(fd);
    }
}

std::vector<ReceivedQuery> FakeDnsServer::received() const {
    const std::lock_guard lock(mutex_);
    return received_;
}

void FakeDnsServer::serve() {
    std::array<pollfd, 3> fds{{{udp_, POLLIN, 0}, {tcp_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}}};
    while (::poll(fds.data(), fds.size(), -1) >= 0 && (fds[2].revents & POLLIN) == 0) {
        if ((fds[0].revents & POLLIN) != 0) {
            std::vector<std::uint8_t> datagram(65535);
            sockaddr_in from{};
            socklen_t from_size = sizeof from;
            const ssize_t n = ::recvfrom(udp_, datagram.data(), datagram.size(), 0,
                                         reinterpret_cast<sockaddr*>(&from), &from_size);
            if (n > 0) {
                datagram.resize(static_cast<std::size_t>(n));
                ReceivedQuery query{datagram, false, ntohs(from.sin_port), id_of(datagram)};
                std::size_t index = 0;
                {
                    const std::lock_guard lock(mutex_);
                    index = received_.size();
                    received_.push_back(query);
                }
                for (const auto& reply : script_(query, index)) {
                    static_cast<void>(::sendto(udp_, reply.data(), reply.size(), 0,
                                               reinterpret_cast<sockaddr*>(&from), from_size));
                }
            }
        }
        if ((fds[1].revents & POLLIN) != 0) {
            const int connection = ::accept4(tcp_, nullptr, nullptr, SOCK_CLOEXEC);
            if (connection >= 0) {
                answer_tcp(connection);
                ::close(connection);
            }
        }
    }
}

void FakeDnsServer::answer_tcp(int connection) {
    std::array<std::uint8_t, 2> length{};
    if (!read_exactly(connection, length.data(), length.size())) {
        return;
    }
    std::vector<std::uint8_t> message((std::size_t{length[0]} << 8U) | length[1]);
    if (!read_exactly(connection, message.data(), message.size())) {
        return;
    }
    ReceivedQuery query{message, true, 0, id_of(message)};
    std::size_t index = 0;
    {
        const std::lock_guard lock(mutex_);
        index = received_.size();
        received_.push_back(query);
    }
    for (const auto& reply : script_(query, index)) {
        const std::array<std::uint8_t, 2> prefix{static_cast<std::uint8_t>(reply.size() >> 8U),
                                                 static_cast<std::uint8_t>(reply.size() & 0xffU)};
        static_cast<void>(::write(connection, prefix.data(), prefix.size()));
        static_cast<void>(::write(connection, reply.data(), reply.size()));
    }
}

std::vector<std::uint8_t> response_to(const ReceivedQuery& query,
                                      const std::vector<std::string>& answers, bool truncated,
                                      std::uint16_t id_delta, const std::string& qname,
                                      ldns_pkt_rcode rcode) {
    ldns_pkt* parsed = nullptr;
    if (ldns_wire2pkt(&parsed, query.wire.data(), query.wire.size()) != LDNS_STATUS_OK) {
        throw std::runtime_error("the fake server got a query ldns cannot parse");
    }
    const zone::LdnsPacket owned_packet(parsed);
    ldns_pkt_set_qr(parsed, true);
    ldns_pkt_set_aa(parsed, true);
    ldns_pkt_set_tc(parsed, truncated);
    ldns_pkt_set_rcode(parsed, static_cast<std::uint8_t>(rcode));
    ldns_pkt_set_id(parsed, static_cast<std::uint16_t>(ldns_pkt_id(parsed) + id_delta));
    if (!qname.empty()) {
        ldns_rr* question = ldns_rr_list_rr(ldns_pkt_question(parsed), 0);
        ldns_rdf_deep_free(ldns_rr_owner(question));
        ldns_rr_set_owner(question, ldns_dname_new_frm_str(qname.c_str()));
    }
    for (const auto& line : answers) {
        ldns_rr* record = nullptr;
        if (ldns_rr_new_frm_str(&record, line.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) {
            throw std::runtime_error("bad record in a test: " + line);
        }
        ldns_pkt_push_rr(parsed, LDNS_SECTION_ANSWER, record);
    }
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    const ldns_status status = ldns_pkt2wire(&wire, parsed, &size);
    const base::CHandle<std::uint8_t, std::free> owned(wire);
    if (status != LDNS_STATUS_OK) {
        throw std::runtime_error("ldns cannot encode the fake reply");
    }
    return {wire, wire + size};
}

} // namespace dcvd::checker::test
