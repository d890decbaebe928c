// dcvd_write_load: the load generator of bench/write_bench.py. It replays pre-built requests
// (HTTP/1.1 or RFC 1035 §4.2.2 length-prefixed DNS messages over TCP) on C concurrent
// keep-alive connections from one epoll thread, each connection sending its next request once
// the previous one is answered, for a fixed time. It knows no server: write_bench.py builds the
// requests (dcvd's POST, PowerDNS's PATCH, RFC 2136 UPDATEs for Knot) and this only frames
// them, so that the load generator costs little CPU on a 2-core machine that it shares with
// the server, and costs the same for every server.
//
// Ops file: records of [u32 client][u32 length][length bytes], little-endian; client i's
// records are sent on connection i, in order, until the time is up or they run out.
// Output: one JSON object on stdout (acknowledged requests, failures by status, latency
// percentiles, the tool's own CPU seconds over the timed run, reading the file excluded).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    bool http = true;
    int clients = 1;
    double duration_s = 5;
    double rate = 0; // total requests per second across clients; 0: as fast as answered
    double timeout_s = 10;
    bool repeat = false; // a client that has sent all its ops starts over (cyclic workloads)
    std::string ops_path;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(
        stderr,
        "dcvd_write_load: %s\nusage: dcvd_write_load --connect IP:PORT --proto "
        "http|dns --clients N --duration S --ops FILE [--rate R] [--timeout S] [--repeat 1]\n",
        why);
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (i + 1 >= argc)
            usage(("missing value after " + a).c_str());
        std::string v = argv[++i];
        if (a == "--connect") {
            auto colon = v.rfind(':');
            if (colon == std::string::npos)
                usage("--connect takes IP:PORT");
            o.host = v.substr(0, colon);
            o.port = std::atoi(v.c_str() + colon + 1);
        } else if (a == "--proto") {
            if (v != "http" && v != "dns")
                usage("--proto is http or dns");
            o.http = v == "http";
        } else if (a == "--clients") {
            o.clients = std::atoi(v.c_str());
        } else if (a == "--duration") {
            o.duration_s = std::atof(v.c_str());
        } else if (a == "--rate") {
            o.rate = std::atof(v.c_str());
        } else if (a == "--timeout") {
            o.timeout_s = std::atof(v.c_str());
        } else if (a == "--repeat") {
            o.repeat = v == "1";
        } else if (a == "--ops") {
            o.ops_path = v;
        } else {
            usage(("unknown option " + a).c_str());
        }
    }
    if (o.port <= 0 || o.clients < 1 || o.ops_path.empty() || o.duration_s <= 0) {
        usage("--connect, --clients, --duration and --ops are required");
    }
    return o;
}

std::uint32_t le32(const unsigned char* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}

std::vector<std::vector<std::string>> read_ops(const Options& o) {
    std::ifstream in(o.ops_path, std::ios::binary | std::ios::ate);
    if (!in)
        usage(("cannot read " + o.ops_path).c_str());
    std::string data(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) {
        usage(("cannot read " + o.ops_path).c_str());
    }
    std::vector<std::vector<std::string>> ops(o.clients);
    std::size_t at = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    while (at + 8 <= data.size()) {
        std::uint32_t client = le32(bytes + at), len = le32(bytes + at + 4);
        at += 8;
        if (at + len > data.size())
            usage("truncated ops file");
        if (client < std::uint32_t(o.clients))
            ops[client].emplace_back(data, at, len);
        at += len;
    }
    return ops;
}

enum class State { Idle, Connecting, Busy, Done };

struct Conn {
    int fd = -1;
    State state = State::Idle;
    std::size_t next = 0;     // index of the op to send (or in flight)
    std::size_t sent = 0;     // bytes of the current op written
    std::string in;           // bytes of the current response read
    Clock::time_point began;  // when the current op's first byte was sent
    Clock::time_point due;    // when the next op may start (rate limit)
    bool close_after = false; // the server said Connection: close
    int retried = 0;          // resends of the current op after a silent close
};

struct Stats {
    std::uint64_t acked = 0, failed = 0, retries = 0, reconnects = 0, timeouts = 0;
    std::map<std::string, std::uint64_t> status;
    std::vector<std::uint32_t> latency_us;
    std::string first_error;
};

// How many bytes of `in` make one whole response (0: not yet; -1: malformed), and its status.
long http_complete(const std::string& in, int& status, bool& close_after) {
    auto end = in.find("\r\n\r\n");
    if (end == std::string::npos)
        return in.size() > 65536 ? -1 : 0;
    if (in.compare(0, 5, "HTTP/") != 0 || in.size() < 12)
        return -1;
    status = std::atoi(in.c_str() + 9);
    long length = 0;
    bool chunked = false;
    close_after = in.compare(0, 8, "HTTP/1.0") == 0;
    std::size_t line = in.find("\r\n") + 2;
    while (line < end) {
        std::size_t eol = in.find("\r\n", line);
        std::string header = in.substr(line, eol - line);
        std::string lower = header;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (lower.rfind("content-length:", 0) == 0)
            length = std::atol(header.c_str() + 15);
        if (lower.rfind("connection:", 0) == 0) {
            close_after = lower.find("close") != std::string::npos;
            if (lower.find("keep-alive") != std::string::npos)
                close_after = false;
        }
        if (lower.rfind("transfer-encoding:", 0) == 0 &&
            lower.find("chunked") != std::string::npos) {
            chunked = true;
        }
        line = eol + 2;
    }
    std::size_t body = end + 4;
    if (!chunked) {
        return in.size() >= body + std::size_t(length) ? long(body + length) : 0;
    }
    for (;;) { // chunk-size CRLF data CRLF ... 0 CRLF CRLF
        std::size_t eol = in.find("\r\n", body);
        if (eol == std::string::npos)
            return 0;
        long size = std::strtol(in.c_str() + body, nullptr, 16);
        if (size == 0) {
            return in.size() >= eol + 4 ? long(eol + 4) : 0;
        }
        body = eol + 2 + std::size_t(size) + 2;
        if (body > in.size())
            return 0;
    }
}

long dns_complete(const std::string& in, int& rcode) {
    if (in.size() < 2)
        return 0;
    std::size_t len =
        std::size_t(static_cast<unsigned char>(in[0])) << 8 | static_cast<unsigned char>(in[1]);
    if (in.size() < 2 + len)
        return 0;
    if (len < 12)
        return -1;
    rcode = static_cast<unsigned char>(in[5]) & 0x0f;
    return long(2 + len);
}

unsigned long long ull(std::uint64_t v) {
    return static_cast<unsigned long long>(v);
}

const char* rcode_name(int rcode) {
    static const char* names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                  "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                  "NXRRSET", "NOTAUTH", "NOTZONE"};
    return rcode >= 0 && rcode <= 10 ? names[rcode] : "RCODE?";
}

class Runner {
public:
    Runner(Options o, std::vector<std::vector<std::string>> ops)
        : o_(std::move(o)), ops_(std::move(ops)), conns_(o_.clients) {
        ep_ = epoll_create1(0);
        std::memset(&addr_, 0, sizeof addr_);
        addr_.sin_family = AF_INET;
        addr_.sin_port = htons(std::uint16_t(o_.port));
        if (inet_pton(AF_INET, o_.host.c_str(), &addr_.sin_addr) != 1)
            usage("bad IPv4 address");
        interval_ = o_.rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(o_.clients / o_.rate))
                                : Clock::duration::zero();
    }

    void run() {
        cpu_before_ = cpu_seconds();
        start_ = Clock::now();
        deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(o_.duration_s));
        for (int i = 0; i < o_.clients; ++i) {
            // Spread the first sends of a rate-limited run over one interval.
            conns_[i].due = start_ + interval_ * i / o_.clients;
            if (ops_[i].empty())
                conns_[i].state = State::Done;
        }
        std::vector<epoll_event> events(256);
        while (!g_stop) {
            auto now = Clock::now();
            if (now >= deadline_)
                break;
            auto wake = deadline_;
            for (int i = 0; i < o_.clients; ++i) {
                Conn& c = conns_[i];
                if (c.state == State::Idle) {
                    if (c.due <= now) {
                        start_op(i);
                    } else {
                        wake = std::min(wake, c.due);
                    }
                }
                if (c.state == State::Busy || c.state == State::Connecting) {
                    auto limit = c.began + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(o_.timeout_s));
                    if (now >= limit) {
                        ++stats_.timeouts;
                        fail(i, "timeout");
                    } else {
                        wake = std::min(wake, limit);
                    }
                }
            }
            if (std::all_of(conns_.begin(), conns_.end(),
                            [](const Conn& c) { return c.state == State::Done; })) {
                break;
            }
            auto ms =
                std::chrono::duration_cast<std::chrono::microseconds>(wake - Clock::now()).count();
            int timeout = ms <= 0 ? 0 : int((ms + 999) / 1000);
            int n = epoll_wait(ep_, events.data(), int(events.size()), timeout);
            for (int k = 0; k < n; ++k) {
                int i = int(events[k].data.u32);
                on_event(i, events[k].events);
            }
        }
        elapsed_ =
            std::chrono::duration<double>(std::min(Clock::now(), deadline_) - start_).count();
        cpu_after_ = cpu_seconds();
        for (auto& c : conns_) {
            if (c.fd >= 0)
                close(c.fd);
        }
    }

    void print() {
        auto& lat = stats_.latency_us;
        std::sort(lat.begin(), lat.end());
        auto pct = [&](double p) -> double {
            if (lat.empty())
                return -1;
            std::size_t idx = std::min(lat.size() - 1, std::size_t(p * double(lat.size())));
            return lat[idx] / 1000.0;
        };
        int exhausted = 0;
        for (int i = 0; i < o_.clients; ++i) {
            if (conns_[i].next >= ops_[i].size() && !ops_[i].empty())
                ++exhausted;
        }
        double cpu = cpu_after_ - cpu_before_;
        std::printf("{\"acked\": %llu, \"failed\": %llu, \"elapsed_s\": %.6f, \"clients\": %d, "
                    "\"retries\": %llu, \"reconnects\": %llu, \"timeouts\": %llu, "
                    "\"exhausted_clients\": %d, \"tool_cpu_s\": %.4f, \"latency_ms\": {\"p50\": "
                    "%.4f, \"p90\": %.4f, \"p99\": %.4f, \"max\": %.4f}, \"status\": {",
                    ull(stats_.acked), ull(stats_.failed), elapsed_, o_.clients,
                    ull(stats_.retries), ull(stats_.reconnects), ull(stats_.timeouts), exhausted,
                    cpu, pct(0.5), pct(0.9), pct(0.99), lat.empty() ? -1.0 : lat.back() / 1000.0);
        bool first = true;
        for (auto& [k, v] : stats_.status) {
            std::printf("%s\"%s\": %llu", first ? "" : ", ", k.c_str(), ull(v));
            first = false;
        }
        std::string err;
        for (char ch : stats_.first_error) {
            if (ch == '"' || ch == '\\')
                err += '\\';
            err += (ch >= 0x20 && ch < 0x7f) ? ch : ' ';
        }
        std::printf("}, \"first_error\": \"%s\"}\n", err.c_str());
    }

private:
    static double cpu_seconds() {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    }

    void watch(int i, std::uint32_t events, bool add) {
        epoll_event ev{};
        ev.events = events;
        ev.data.u32 = std::uint32_t(i);
        epoll_ctl(ep_, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, conns_[i].fd, &ev);
    }

    void drop(int i) {
        Conn& c = conns_[i];
        if (c.fd >= 0) {
            epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
            close(c.fd);
        }
        c.fd = -1;
    }

    void start_op(int i) {
        Conn& c = conns_[i];
        if (c.next >= ops_[i].size()) {
            c.state = State::Done;
            return;
        }
        c.began = Clock::now();
        c.sent = 0;
        c.in.clear();
        if (c.fd < 0) {
            c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            int one = 1;
            setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            int r = connect(c.fd, reinterpret_cast<sockaddr*>(&addr_), sizeof addr_);
            if (r != 0 && errno != EINPROGRESS) {
                fail(i, std::string("connect: ") + std::strerror(errno));
                return;
            }
            c.state = State::Connecting;
            watch(i, EPOLLOUT, true);
            return;
        }
        c.state = State::Busy;
        send_more(i);
    }

    void send_more(int i) {
        Conn& c = conns_[i];
        const std::string& op = ops_[i][c.next];
        while (c.sent < op.size()) {
            ssize_t n = send(c.fd, op.data() + c.sent, op.size() - c.sent, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN) {
                    watch(i, EPOLLIN | EPOLLOUT, false);
                    return;
                }
                peer_closed(i, std::string("send: ") + std::strerror(errno));
                return;
            }
            c.sent += std::size_t(n);
        }
        watch(i, EPOLLIN, false);
    }

    void on_event(int i, std::uint32_t events) {
        Conn& c = conns_[i];
        if (c.state == State::Connecting) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                fail(i, std::string("connect: ") + std::strerror(err));
                return;
            }
            c.state = State::Busy;
            send_more(i);
            return;
        }
        if (c.state != State::Busy)
            return;
        if (events & EPOLLOUT)
            send_more(i);
        if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
            return;
        char buf[65536];
        for (;;) {
            ssize_t n = recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                c.in.append(buf, std::size_t(n));
                if (try_complete(i))
                    return;
                continue;
            }
            if (n == 0) {
                peer_closed(i, "connection closed by the server");
                return;
            }
            if (errno == EAGAIN)
                return;
            peer_closed(i, std::string("recv: ") + std::strerror(errno));
            return;
        }
    }

    // A keep-alive connection closed before any byte of the answer: reconnect and resend once.
    void peer_closed(int i, const std::string& why) {
        Conn& c = conns_[i];
        drop(i);
        ++stats_.reconnects;
        if (c.in.empty() && c.retried == 0) {
            ++stats_.retries;
            c.retried = 1;
            start_op(i);
            return;
        }
        fail(i, why);
    }

    bool try_complete(int i) {
        Conn& c = conns_[i];
        int code = -1;
        bool close_after = false;
        long used = o_.http ? http_complete(c.in, code, close_after) : dns_complete(c.in, code);
        if (used == 0)
            return false;
        if (used < 0) {
            fail(i, "malformed response: " + c.in.substr(0, 80));
            return true;
        }
        auto now = Clock::now();
        bool ok = o_.http ? (code >= 200 && code < 300) : code == 0;
        std::string key = o_.http ? std::to_string(code) : rcode_name(code);
        ++stats_.status[key];
        if (ok && now <= deadline_) {
            ++stats_.acked;
            stats_.latency_us.push_back(std::uint32_t(
                std::chrono::duration_cast<std::chrono::microseconds>(now - c.began).count()));
        } else if (!ok) {
            ++stats_.failed;
            if (stats_.first_error.empty()) {
                stats_.first_error = key + ": " + c.in.substr(0, 300);
            }
        }
        if (close_after) {
            drop(i);
            ++stats_.reconnects;
        }
        finish(i);
        return true;
    }

    void fail(int i, const std::string& why) {
        ++stats_.failed;
        if (stats_.first_error.empty())
            stats_.first_error = why;
        drop(i);
        finish(i);
    }

    void finish(int i) {
        Conn& c = conns_[i];
        ++c.next;
        if (o_.repeat && c.next >= ops_[i].size()) {
            c.next = 0;
        }
        c.retried = 0;
        c.state = c.next >= ops_[i].size() ? State::Done : State::Idle;
        if (interval_ != Clock::duration::zero()) {
            c.due = std::max(c.due + interval_, Clock::now() - interval_);
        }
    }

    Options o_;
    std::vector<std::vector<std::string>> ops_;
    std::vector<Conn> conns_;
    Stats stats_;
    int ep_ = -1;
    sockaddr_in addr_{};
    Clock::duration interval_{};
    Clock::time_point start_, deadline_;
    double elapsed_ = 0;
    double cpu_before_ = 0, cpu_after_ = 0; // the tool's own CPU over the timed run
};

} // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    auto ops = read_ops(o);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    Runner runner(o, std::move(ops));
    runner.run();
    runner.print();
    return 0;
}
