// integration/knot_server.cpp: knotd's configuration, start, readiness, stop.
#include "knot_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_server.hpp"
#include "unique_fd.hpp"

namespace dcvd::integration {
namespace {

// One SOA query for `zone` over UDP; true when any reply comes back within 200 ms.
bool answers(const std::string& address, std::uint16_t port, const std::string& zone) {
    const UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);
    std::vector<std::uint8_t> query{0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
    std::stringstream labels(zone);
    for (std::string label; std::getline(labels, label, '.');) {
        if (!label.empty()) {
            query.push_back(static_cast<std::uint8_t>(label.size()));
            query.insert(query.end(), label.begin(), label.end());
        }
    }
    query.insert(query.end(), {0x00, 0x00, 0x06, 0x00, 0x01}); // root, SOA, IN
    timeval wait{0, 200'000};
    ::setsockopt(sock.get(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::sendto(sock.get(), query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&to),
             sizeof to);
    std::uint8_t reply[512];
    return ::recv(sock.get(), reply, sizeof reply, 0) > 0;
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

KnotServer::KnotServer(const std::string& address, std::uint16_t port, const std::string& zone,
                       const std::string& zone_text)
    : dir_(make_temp_dir()), zone_(zone) {
    std::ofstream(dir_ / "zone") << zone_text;
    std::ofstream(dir_ / "knot.conf") << "server:\n"
                                      << "    rundir: \"" << dir_.string() << "\"\n"
                                      << "    listen: " << address << "@" << port << "\n"
                                      << "    udp-workers: 1\n"
                                      << "    tcp-workers: 1\n"
                                      << "    background-workers: 1\n"
                                      << "database:\n"
                                      << "    storage: \"" << dir_.string() << "/db\"\n"
                                      << "log:\n"
                                      << "  - target: stderr\n"
                                      << "    any: info\n"
                                      << "template:\n"
                                      << "  - id: default\n"
                                      << "    storage: \"" << dir_.string() << "\"\n"
                                      << "    semantic-checks: off\n"
                                      << "    journal-content: none\n"
                                      << "    zonefile-sync: -1\n"
                                      << "zone:\n"
                                      << "  - domain: " << zone << "\n"
                                      << "    file: \"" << (dir_ / "zone").string() << "\"\n";
    knotd_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"knotd", "-c", (dir_ / "knot.conf").string()},
        ChildIo{"/dev/null", dir_ / "knotd.log", dir_ / "knotd.log"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!answers(address, port, zone)) {
        if (std::chrono::steady_clock::now() > deadline || !knotd_->is_running()) {
            const std::string log = read_all(dir_ / "knotd.log");
            knotd_.reset();
            std::filesystem::remove_all(dir_);
            throw std::runtime_error("knotd on " + address + "@" + std::to_string(port) +
                                     " did not answer:\n" + log);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void KnotServer::replace_zone(const std::string& zone_text) {
    write_text_file(dir_ / "zone", zone_text);
    const auto result =
        run_command({"knotc", "-s", (dir_ / "knot.sock").string(), "-b", "zone-reload", zone_},
                    dir_, std::nullopt, std::chrono::seconds(10));
    INFO("knotc: " << result.out << result.err);
    REQUIRE(result.exit_code == 0);
}

KnotServer::~KnotServer() {
    knotd_->send_signal(SIGTERM);
    if (!knotd_->wait_exit(std::chrono::seconds(5))) {
        knotd_.reset(); // SIGKILL
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::uint16_t free_loopback_port() {
    for (int tries = 0; tries < 50; ++tries) {
        const UniqueFd probe(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        socklen_t size = sizeof address;
        if (::bind(probe.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::getsockname(probe.get(), reinterpret_cast<sockaddr*>(&address), &size) != 0) {
            continue;
        }
        bool free_everywhere = true;
        for (const char* other : {"127.0.0.11", "127.0.0.12"}) {
            const UniqueFd check(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
            sockaddr_in there = address;
            ::inet_pton(AF_INET, other, &there.sin_addr);
            free_everywhere =
                free_everywhere &&
                ::bind(check.get(), reinterpret_cast<sockaddr*>(&there), sizeof there) == 0;
        }
        if (free_everywhere) {
            return ntohs(address.sin_port);
        }
    }
    throw std::runtime_error("no UDP port free on 127.0.0.1, .11 and .12");
}

} // namespace dcvd::integration
