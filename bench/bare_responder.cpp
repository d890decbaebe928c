// bench/bare_responder.cpp: the ceiling for bench/run.py. N threads, each with its own
// SO_REUSEPORT UDP socket, answer every query NOERROR with no records (question copied, QR/AA
// set) in recvmmsg/sendmmsg batches of 64. No dcvd code: plain sockets, nothing else per packet.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t batch_size = 64;
// A DNS message over UDP is at most 65535 octets; queries are far smaller, but a datagram that
// does not fit would be truncated by the kernel and answered wrongly, so take the whole size.
constexpr std::size_t max_datagram = 65535;
constexpr std::size_t header_size = 12;
constexpr int default_buffer_bytes = 4 << 20;

constexpr std::string_view usage =
    R"(usage: dcvd_bare_responder [--listen ADDR] [--threads N] [--buffer BYTES]

The benchmark ceiling: answers every UDP query NOERROR with no records (header and question
copied, QR and AA set), N threads with one SO_REUSEPORT socket each, recvmmsg/sendmmsg batches
of 64. Queries with QR set or a malformed question are dropped. Stop it with SIGTERM/SIGINT.

  --listen ADDR    IPv4 "ip:port" or IPv6 "[ip6]:port" (default 127.0.0.1:5300); port 0 picks
                   a free port, shared by all threads and printed on stdout
  --threads N      worker threads, one socket each (default 2)
  --buffer BYTES   SO_RCVBUF/SO_SNDBUF of each socket (default 4194304)
  --help           this text
)";

struct Options {
    std::string listen = "127.0.0.1:5300";
    unsigned threads = 2;
    int buffer_bytes = default_buffer_bytes;
};

struct Endpoint {
    sockaddr_storage address{};
    socklen_t length = 0;
};

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "dcvd_bare_responder: %s\n", message.c_str());
    std::exit(1);
}

[[noreturn]] void fail_errno(const std::string& what) {
    const int saved = errno;
    fail(what + ": " + std::strerror(saved));
}

std::optional<unsigned long> parse_unsigned(std::string_view text, unsigned long max) {
    if (text.empty() || text.size() > 10) {
        return std::nullopt;
    }
    unsigned long value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned long>(c - '0');
    }
    if (value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<Endpoint> parse_endpoint(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto port = parse_unsigned(text.substr(colon + 1), 65535);
    if (!port) {
        return std::nullopt;
    }
    std::string host{text.substr(0, colon)};
    Endpoint endpoint;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(static_cast<std::uint16_t>(*port));
        if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6.sin6_addr) != 1) {
            return std::nullopt;
        }
        std::memcpy(&endpoint.address, &v6, sizeof v6);
        endpoint.length = sizeof v6;
    } else {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(static_cast<std::uint16_t>(*port));
        if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) != 1) {
            return std::nullopt;
        }
        std::memcpy(&endpoint.address, &v4, sizeof v4);
        endpoint.length = sizeof v4;
    }
    return endpoint;
}

Options parse_options(int argc, char** argv) {
    Options options;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage.data(), stdout);
            std::exit(0);
        }
        if (i + 1 >= args.size()) {
            fail(std::string{"unknown option or missing value: "} + std::string{arg} +
                 " (see --help)");
        }
        const auto value = args[++i];
        if (arg == "--listen") {
            options.listen = std::string{value};
        } else if (arg == "--threads") {
            const auto n = parse_unsigned(value, 1024);
            if (!n || *n == 0) {
                fail("--threads: expected 1..1024, got " + std::string{value});
            }
            options.threads = static_cast<unsigned>(*n);
        } else if (arg == "--buffer") {
            const auto n = parse_unsigned(value, 1U << 30);
            if (!n || *n == 0) {
                fail("--buffer: expected 1..1073741824, got " + std::string{value});
            }
            options.buffer_bytes = static_cast<int>(*n);
        } else {
            fail("unknown option: " + std::string{arg} + " (see --help)");
        }
    }
    return options;
}

// Root may exceed net.core.rmem_max/wmem_max with the *FORCE options; others get the capped size.
void set_buffer(int fd, int force_option, int option, int bytes) {
    if (setsockopt(fd, SOL_SOCKET, force_option, &bytes, sizeof bytes) != 0 &&
        setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof bytes) != 0) {
        fail_errno("setsockopt buffer size");
    }
}

int open_socket(const Endpoint& endpoint, int buffer_bytes) {
    const int fd = socket(endpoint.address.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fail_errno("socket");
    }
    const int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
        fail_errno("setsockopt SO_REUSEPORT");
    }
    set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, buffer_bytes);
    set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, buffer_bytes);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0) {
        fail_errno("bind");
    }
    return fd;
}

// The bound port, for port 0: every later socket binds to it so that SO_REUSEPORT shares it.
Endpoint bound_endpoint(int fd) {
    Endpoint endpoint;
    endpoint.length = sizeof endpoint.address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&endpoint.address), &endpoint.length) != 0) {
        fail_errno("getsockname");
    }
    return endpoint;
}

std::uint16_t port_of(const Endpoint& endpoint) {
    if (endpoint.address.ss_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &endpoint.address, sizeof v6);
        return ntohs(v6.sin6_port);
    }
    sockaddr_in v4{};
    std::memcpy(&v4, &endpoint.address, sizeof v4);
    return ntohs(v4.sin_port);
}

// The length of header plus one question, or 0 if the packet is not a query with one
// well-formed question. Compression pointers are not allowed in a query's only name.
std::size_t question_end(const std::uint8_t* packet, std::size_t length) {
    if (length < header_size || (packet[2] & 0x80U) != 0) {
        return 0;
    }
    const unsigned qdcount = (unsigned{packet[4]} << 8U) | packet[5];
    if (qdcount != 1) {
        return 0;
    }
    std::size_t at = header_size;
    while (at < length && packet[at] != 0) {
        if ((packet[at] & 0xC0U) != 0) {
            return 0;
        }
        at += std::size_t{packet[at]} + 1;
    }
    at += 1 + 4; // root label, QTYPE, QCLASS
    return at <= length ? at : 0;
}

// Turns the query in place into its answer: QR and AA set, opcode and RD kept, TC/RA/Z/AD/CD
// and RCODE cleared (NOERROR), one question and no records.
void make_answer(std::uint8_t* packet) {
    packet[2] = static_cast<std::uint8_t>((packet[2] & 0x79U) | 0x84U);
    packet[3] = 0;
    std::memset(packet + 6, 0, 6);
}

struct Batch {
    std::array<std::array<std::uint8_t, max_datagram>, batch_size> buffers{};
    std::array<iovec, batch_size> iovecs{};
    std::array<sockaddr_storage, batch_size> peers{};
    std::array<mmsghdr, batch_size> in{};
    std::array<mmsghdr, batch_size> out{};
};

void serve(int fd) {
    auto batch = std::make_unique<Batch>();
    for (;;) {
        for (std::size_t i = 0; i < batch_size; ++i) {
            batch->iovecs[i] = {batch->buffers[i].data(), max_datagram};
            batch->in[i] = {};
            batch->in[i].msg_hdr.msg_iov = &batch->iovecs[i];
            batch->in[i].msg_hdr.msg_iovlen = 1;
            batch->in[i].msg_hdr.msg_name = &batch->peers[i];
            batch->in[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        }
        const int received = recvmmsg(fd, batch->in.data(), batch_size, MSG_WAITFORONE, nullptr);
        if (received < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_errno("recvmmsg");
        }
        unsigned answers = 0;
        for (std::size_t i = 0; i < static_cast<std::size_t>(received); ++i) {
            auto* packet = batch->buffers[i].data();
            const auto length = question_end(packet, batch->in[i].msg_len);
            if (length == 0) {
                continue;
            }
            make_answer(packet);
            batch->iovecs[i].iov_len = length;
            batch->out[answers] = batch->in[i];
            ++answers;
        }
        unsigned sent = 0;
        while (sent < answers) {
            const int n = sendmmsg(fd, batch->out.data() + sent, answers - sent, 0);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                break; // a full send buffer loses the rest of the batch, as UDP may
            }
            sent += static_cast<unsigned>(n);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    const auto options = parse_options(argc, argv);
    auto endpoint = parse_endpoint(options.listen);
    if (!endpoint) {
        fail("--listen: expected ip:port or [ip6]:port, got " + options.listen);
    }
    std::vector<int> fds;
    fds.push_back(open_socket(*endpoint, options.buffer_bytes));
    const auto bound = bound_endpoint(fds.front());
    for (unsigned i = 1; i < options.threads; ++i) {
        fds.push_back(open_socket(bound, options.buffer_bytes));
    }
    std::printf("dcvd_bare_responder: listening port=%u threads=%u\n", unsigned{port_of(bound)},
                options.threads);
    std::fflush(stdout);
    std::vector<std::thread> threads;
    for (const int fd : fds) {
        threads.emplace_back(serve, fd);
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return 0;
}
