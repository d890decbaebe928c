// tests/unit/checker/fake_http_receiver.hpp: a scripted HTTP/1.1 receiver on 127.0.0.1, in a
// thread of its own, for the webhook sender. Each request it reads whole (headers and a
// Content-Length body) is recorded and handed to the script, which says how to answer: a status,
// or none at all (the connection is held open until the client gives up).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace dcvd::checker::test {

struct ReceivedRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; ///< names in lower case
    std::string body;
};

struct Answer {
    int status = 200; ///< 0: never answer
    std::string body;
    std::string extra_headers; ///< whole lines, each ending in "\r\n"
};

using Script = std::function<Answer(const ReceivedRequest& request, std::size_t index)>;

class FakeHttpReceiver {
public:
    /// Listens on 127.0.0.1 at a port of the kernel's choosing.
    explicit FakeHttpReceiver(Script script);
    /// Stops the thread, closes every connection still open (a held one included).
    ~FakeHttpReceiver();
    FakeHttpReceiver(const FakeHttpReceiver&) = delete;
    FakeHttpReceiver& operator=(const FakeHttpReceiver&) = delete;
    FakeHttpReceiver(FakeHttpReceiver&&) = delete;
    FakeHttpReceiver& operator=(FakeHttpReceiver&&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    /// "http://127.0.0.1:<port><path>".
    [[nodiscard]] std::string url(std::string_view path = "/hook") const;
    [[nodiscard]] std::vector<ReceivedRequest> received() const;
    [[nodiscard]] std::size_t count() const;

private:
    struct Connection {
        int fd = -1;
        std::string input;
        bool is_held = false; ///< answered nothing; read until the client closes
    };
    void serve();
    /// Reads what `connection` sent; false when it is to be closed.
    bool on_readable(Connection& connection);

    Script script_;
    int listener_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::vector<ReceivedRequest> received_;
    std::thread thread_;
};

/// A TCP port on 127.0.0.1 that refuses connections: bound (so nobody else takes it) and never
/// listening.
class DeadPort {
public:
    DeadPort();
    ~DeadPort();
    DeadPort(const DeadPort&) = delete;
    DeadPort& operator=(const DeadPort&) = delete;
    DeadPort(DeadPort&&) = delete;
    DeadPort& operator=(DeadPort&&) = delete;

    [[nodiscard]] std::string url() const;

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace dcvd::checker::test
