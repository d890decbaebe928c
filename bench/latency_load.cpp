// dcvd_latency_load: UDP queries at a fixed rate, for latency percentiles (dnsperf 2.10 reports
// only the mean and standard deviation) and for checking every answer. Sends the lines of a
// dnsperf query file ("name TYPE", RD set, no EDNS) round-robin over S connected sockets,
// paced in 1 ms steps, from one epoll thread; matches answers by socket and ID.
//
// Every answer is checked: ID, QR, the question echoed, and each TXT record of the answer
// section one <character-string> of 43 base64url characters, the shape of every value the
// benchmarks write. A write applied in part (a value cut short, a record of mixed data) fails
// that check and is counted as "malformed", with the first one described.
//
// Output: one JSON object on stdout: sent, answered, lost (no answer within --timeout),
// malformed, RCODE counts, latency percentiles in microseconds, the tool's own CPU seconds.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
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

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string queries_path;
    double rate = 20000;
    double duration_s = 10;
    double timeout_s = 1;
    int sockets = 8;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "dcvd_latency_load: %s\nusage: dcvd_latency_load --connect IP:PORT --queries "
                 "FILE [--rate QPS (20000)] [--duration S (10)] [--timeout S (1)] "
                 "[--sockets N (8)]\n",
                 why.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            usage("fixed-rate UDP queries; prints latency percentiles and answer checks as JSON");
        }
        if (i + 1 >= argc) {
            usage("missing value after " + name);
        }
        const std::string value = argv[++i];
        if (name == "--connect") {
            const auto colon = value.rfind(':');
            if (colon == std::string::npos) {
                usage("--connect takes IP:PORT");
            }
            o.host = value.substr(0, colon);
            o.port = std::atoi(value.c_str() + colon + 1);
        } else if (name == "--queries") {
            o.queries_path = value;
        } else if (name == "--rate") {
            o.rate = std::atof(value.c_str());
        } else if (name == "--duration") {
            o.duration_s = std::atof(value.c_str());
        } else if (name == "--timeout") {
            o.timeout_s = std::atof(value.c_str());
        } else if (name == "--sockets") {
            o.sockets = std::atoi(value.c_str());
        } else {
            usage("unknown option " + name);
        }
    }
    if (o.port <= 0 || o.queries_path.empty() || o.rate <= 0 || o.duration_s <= 0 ||
        o.sockets < 1 || o.timeout_s <= 0) {
        usage("--connect and --queries are required; rate, duration, timeout, sockets > 0");
    }
    return o;
}

std::uint16_t type_code(const std::string& type) {
    static const std::map<std::string, std::uint16_t> codes{
        {"A", 1}, {"NS", 2}, {"SOA", 6}, {"MX", 15}, {"TXT", 16}, {"AAAA", 28}, {"ANY", 255}};
    const auto found = codes.find(type);
    if (found == codes.end()) {
        usage("query type not known to this tool: " + type);
    }
    return found->second;
}

/// The question section (QNAME, QTYPE, QCLASS IN) of one "name TYPE" line.
std::string question_of(const std::string& name, const std::string& type) {
    std::string out;
    std::size_t start = 0;
    while (start < name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string::npos) {
            dot = name.size();
        }
        const std::size_t length = dot - start;
        if (length == 0 || length > 63) {
            usage("bad name in the query file: " + name);
        }
        out.push_back(static_cast<char>(length));
        out.append(name, start, length);
        start = dot + 1;
    }
    out.push_back('\0');
    const std::uint16_t code = type_code(type);
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xff));
    out.append("\0\1", 2); // class IN
    return out;
}

std::vector<std::string> read_questions(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        usage("cannot read " + path);
    }
    std::vector<std::string> questions;
    std::string name;
    std::string type;
    while (in >> name >> type) {
        questions.push_back(question_of(name, type));
    }
    if (questions.empty()) {
        usage("no queries in " + path);
    }
    return questions;
}

/// Reads one response; false (with `why`) when it is not a well-formed answer to `question`.
class ResponseCheck {
public:
    ResponseCheck(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    bool check(const std::string& question, std::string& why) {
        if (size_ < 12 || (data_[2] & 0x80) == 0) {
            why = "not a response";
            return false;
        }
        const unsigned qdcount = read16(4);
        const unsigned ancount = read16(6);
        if (qdcount != 1 || size_ < 12 + question.size() ||
            std::memcmp(data_ + 12, question.data(), question.size()) != 0) {
            why = "question not echoed";
            return false;
        }
        at_ = 12 + question.size();
        for (unsigned i = 0; i < ancount; ++i) {
            if (!skip_name() || at_ + 10 > size_) {
                why = "answer record cut short";
                return false;
            }
            const unsigned type = read16(at_);
            const unsigned rdlength = read16(at_ + 8);
            at_ += 10;
            if (at_ + rdlength > size_) {
                why = "RDATA past the end";
                return false;
            }
            if (type == 16 && !is_challenge_value(data_ + at_, rdlength)) {
                why = "TXT RDATA is not one 43-character base64url value";
                return false;
            }
            at_ += rdlength;
        }
        return true;
    }

    [[nodiscard]] unsigned rcode() const { return data_[3] & 0x0f; }

private:
    [[nodiscard]] unsigned read16(std::size_t at) const {
        return static_cast<unsigned>(data_[at] << 8 | data_[at + 1]);
    }
    bool skip_name() {
        while (at_ < size_) {
            const std::uint8_t length = data_[at_];
            if ((length & 0xc0) == 0xc0) {
                at_ += 2;
                return at_ <= size_;
            }
            at_ += 1 + length;
            if (length == 0) {
                return at_ <= size_;
            }
        }
        return false;
    }
    static bool is_challenge_value(const std::uint8_t* rdata, std::size_t length) {
        if (length != 44 || rdata[0] != 43) {
            return false;
        }
        return std::all_of(rdata + 1, rdata + length, [](std::uint8_t c) {
            return std::isalnum(c) != 0 || c == '-' || c == '_';
        });
    }

    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

struct Socket {
    int fd = -1;
    std::uint16_t next_id = 0;
    // Per ID: the send time in ns since start (0: nothing in flight) and the question index.
    std::vector<std::int64_t> sent_at = std::vector<std::int64_t>(65536, 0);
    std::vector<std::uint32_t> question = std::vector<std::uint32_t>(65536, 0);
};

struct Stats {
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;
    std::uint64_t late = 0; // answered after the timeout: lost for the latency
    std::uint64_t unexpected = 0;
    std::uint64_t malformed = 0;
    std::string first_malformed;
    std::map<unsigned, std::uint64_t> rcodes;
    std::vector<std::uint32_t> latency_us;
};

int open_socket(const Options& o) {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(o.port));
    if (fd < 0 || inet_pton(AF_INET, o.host.c_str(), &to.sin_addr) != 1) {
        usage("cannot make a socket for " + o.host);
    }
    const int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        usage("cannot connect to " + o.host);
    }
    return fd;
}

void receive(Socket& s, const std::vector<std::string>& questions, std::int64_t now_ns,
             std::int64_t timeout_ns, Stats& stats) {
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
        const ssize_t got = recv(s.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (got < 0) {
            return; // EAGAIN, or an ICMP error for a query: lost either way
        }
        if (got < 12) {
            ++stats.unexpected;
            continue;
        }
        const auto id = static_cast<std::uint16_t>(buffer[0] << 8 | buffer[1]);
        if (s.sent_at[id] == 0) {
            ++stats.unexpected;
            continue;
        }
        const std::int64_t rtt = now_ns - s.sent_at[id];
        s.sent_at[id] = 0;
        ResponseCheck response(buffer.data(), static_cast<std::size_t>(got));
        std::string why;
        if (!response.check(questions[s.question[id]], why)) {
            if (stats.malformed++ == 0) {
                stats.first_malformed = why;
            }
            continue;
        }
        if (rtt > timeout_ns) {
            ++stats.late;
            continue;
        }
        ++stats.answered;
        ++stats.rcodes[response.rcode()];
        stats.latency_us.push_back(static_cast<std::uint32_t>(rtt / 1000));
    }
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double percentile(const std::vector<std::uint32_t>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return sorted[rank];
}

} // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::vector<std::string> questions = read_questions(o.queries_path);
    std::vector<Socket> sockets(static_cast<std::size_t>(o.sockets));
    const int epoll = epoll_create1(0);
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        sockets[i].fd = open_socket(o);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = i;
        epoll_ctl(epoll, EPOLL_CTL_ADD, sockets[i].fd, &event);
    }
    Stats stats;
    stats.latency_us.reserve(static_cast<std::size_t>(o.rate * o.duration_s) + 1);
    const auto timeout_ns = static_cast<std::int64_t>(o.timeout_s * 1e9);
    const auto duration_ns = static_cast<std::int64_t>(o.duration_s * 1e9);
    const double cpu_before = cpu_seconds();
    const auto start = Clock::now();
    const auto elapsed_ns = [&start] {
        // +1: a send time of 0 marks a free ID.
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count() +
               1;
    };
    std::array<std::uint8_t, 512> packet{};
    std::size_t next_question = 0;
    std::array<epoll_event, 64> events{};
    for (;;) {
        const std::int64_t now = elapsed_ns();
        if (now > duration_ns + timeout_ns) {
            break;
        }
        const auto due = static_cast<std::uint64_t>(
            o.rate * static_cast<double>(std::min(now, duration_ns)) / 1e9);
        while (stats.sent < due) {
            Socket& s = sockets[stats.sent % sockets.size()];
            const std::string& question = questions[next_question];
            const std::uint16_t id = s.next_id++;
            const std::array<std::uint8_t, 12> header{static_cast<std::uint8_t>(id >> 8),
                                                      static_cast<std::uint8_t>(id),
                                                      0x01,
                                                      0,
                                                      0,
                                                      1,
                                                      0,
                                                      0,
                                                      0,
                                                      0,
                                                      0,
                                                      0};
            std::memcpy(packet.data(), header.data(), header.size());
            std::memcpy(packet.data() + header.size(), question.data(), question.size());
            s.sent_at[id] = elapsed_ns();
            s.question[id] = static_cast<std::uint32_t>(next_question);
            // A failed send (buffer full) is a lost query, as for any client.
            static_cast<void>(send(s.fd, packet.data(), header.size() + question.size(), 0));
            ++stats.sent;
            next_question = next_question + 1 == questions.size() ? 0 : next_question + 1;
        }
        const int ready = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 1);
        const std::int64_t received_at = elapsed_ns();
        for (int i = 0; i < ready; ++i) {
            receive(sockets[events[static_cast<std::size_t>(i)].data.u64], questions, received_at,
                    timeout_ns, stats);
        }
    }
    const double cpu = cpu_seconds() - cpu_before;
    std::sort(stats.latency_us.begin(), stats.latency_us.end());
    const std::uint64_t lost = stats.sent - stats.answered - stats.malformed;
    std::printf("{\"rate\": %.0f, \"duration_s\": %.1f, \"sent\": %llu, \"answered\": %llu, "
                "\"lost\": %llu, \"late\": %llu, \"unexpected\": %llu, \"malformed\": %llu, "
                "\"first_malformed\": \"%s\", \"p50_us\": %.0f, \"p90_us\": %.0f, "
                "\"p99_us\": %.0f, \"p999_us\": %.0f, \"max_us\": %.0f, \"cpu_s\": %.3f, "
                "\"rcodes\": {",
                o.rate, o.duration_s, static_cast<unsigned long long>(stats.sent),
                static_cast<unsigned long long>(stats.answered),
                static_cast<unsigned long long>(lost), static_cast<unsigned long long>(stats.late),
                static_cast<unsigned long long>(stats.unexpected),
                static_cast<unsigned long long>(stats.malformed), stats.first_malformed.c_str(),
                percentile(stats.latency_us, 0.50), percentile(stats.latency_us, 0.90),
                percentile(stats.latency_us, 0.99), percentile(stats.latency_us, 0.999),
                percentile(stats.latency_us, 1.0), cpu);
    const char* separator = "";
    for (const auto& [rcode, count] : stats.rcodes) {
        std::printf("%s\"%u\": %llu", separator, rcode, static_cast<unsigned long long>(count));
        separator = ", ";
    }
    std::printf("}}\n");
    return 0;
}
