// unit/api/http_server_test.cpp: the HTTP server over loopback: keep-alive and pipelining
// (RFC 9112 §9.3), Connection: close, the limits it answers itself (400, 408, 413, 431, 503),
// idle connections closed, a handler's exception as a 500, and replies sent later from other
// threads.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dcvd/api/http_server.hpp"
#include "support/http_test_client.hpp"

namespace dcvd::api {
namespace {

using namespace std::chrono_literals;
using test::HttpTestClient;

/// Echoes method, target and body as JSON; "/boom" throws.
HttpResponse echo(const HttpRequest& request) {
    if (request.target == "/boom") {
        throw std::runtime_error("the handler broke");
    }
    HttpResponse response;
    response.body = nlohmann::json{
        {"method", request.method},
        {"target", request.target},
        {"body",
         request.body}}.dump();
    return response;
}

/// A handler that answers at once with what `respond` returns.
HttpHandler answer_now(HttpResponse (*respond)(const HttpRequest&)) {
    return [respond](const HttpRequest& request, HttpReply reply) { reply.send(respond(request)); };
}

struct RunningServer {
    explicit RunningServer(HttpServerOptions options = fast_options(),
                           HttpHandler handler = answer_now(echo))
        : server(std::move(options), std::move(handler)) {
        const auto started = server.start();
        INFO((started ? "" : started.error().message));
        REQUIRE(started);
        REQUIRE_FALSE(server.bound().empty());
    }
    static HttpServerOptions fast_options() {
        HttpServerOptions options;
        options.listen = {"127.0.0.1:0"};
        options.request_timeout = 300ms;
        options.idle_timeout = 300ms;
        return options;
    }
    [[nodiscard]] std::unique_ptr<HttpTestClient> client() const {
        return std::make_unique<HttpTestClient>(server.bound().front());
    }
    HttpServer server;
};

nlohmann::json body_of(const test::ParsedResponse& response) {
    return nlohmann::json::parse(response.body);
}

std::string error_code_of(const test::ParsedResponse& response) {
    return body_of(response).at("error").at("code").get<std::string>();
}

} // namespace

TEST_CASE("requests on one kept-alive connection are answered in turn (RFC 9112 §9.3)",
          "[api][server]") {
    const RunningServer running;
    const auto client = running.client();
    client->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto first = client->receive();
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(body_of(*first).at("target") == "/healthz");
    CHECK(first->keep_alive);
    client->send("POST /present HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
    const auto second = client->receive();
    REQUIRE(second);
    CHECK(body_of(*second).at("body") == "{}");
}

TEST_CASE("pipelined requests in one write get their responses in order (RFC 9112 §9.3.2)",
          "[api][server]") {
    const RunningServer running;
    const auto client = running.client();
    client->send("GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\nGET /three HTTP/1.1\r\n\r\n");
    for (const char* target : {"/one", "/two", "/three"}) {
        const auto response = client->receive();
        REQUIRE(response);
        CHECK(body_of(*response).at("target") == target);
    }
}

TEST_CASE("Connection: close is answered, then the connection closes (RFC 9112 §9.6)",
          "[api][server]") {
    const RunningServer running;
    const auto client = running.client();
    client->send("GET /bye HTTP/1.1\r\nConnection: close\r\n\r\n");
    const auto response = client->receive();
    REQUIRE(response);
    CHECK(response->headers.at("Connection") == "close");
    CHECK(client->wait_closed(2s));
}

TEST_CASE("a malformed request gets a JSON 400 and the connection closes", "[api][server]") {
    const RunningServer running;
    const auto client = running.client();
    client->send("BREW /pot HTCPCP/1.0\r\n\r\n");
    const auto response = client->receive();
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(error_code_of(*response) == "bad_request");
    CHECK(client->wait_closed(2s));
}

TEST_CASE("oversized bodies get 413 and oversized headers 431, then close", "[api][server]") {
    const RunningServer running;
    const auto big_body = running.client();
    big_body->send("POST /present HTTP/1.1\r\nContent-Length: 70000\r\n\r\n");
    const auto body = big_body->receive();
    REQUIRE(body);
    CHECK(body->status == 413);
    CHECK(error_code_of(*body) == "body_too_large");
    CHECK(big_body->wait_closed(2s));

    const auto big_headers = running.client();
    big_headers->send("GET / HTTP/1.1\r\nX-Padding: " + std::string(20000, 'p') + "\r\n\r\n");
    const auto headers = big_headers->receive();
    REQUIRE(headers);
    CHECK(headers->status == 431);
}

TEST_CASE("a request that does not arrive whole in time gets 408; an idle connection closes",
          "[api][server]") {
    const RunningServer running; // request_timeout and idle_timeout 300 ms
    const auto slow = running.client();
    slow->send("GET /slow HTTP/1.1\r\nHost: x\r\n"); // never finished
    const auto response = slow->receive(3s);
    REQUIRE(response);
    CHECK(response->status == 408);
    CHECK(error_code_of(*response) == "request_timeout");
    CHECK(slow->wait_closed(2s));

    const auto idle = running.client();
    CHECK(idle->wait_closed(3s));
}

TEST_CASE("connections past max_connections get 503 and are closed; earlier ones still work",
          "[api][server]") {
    auto options = RunningServer::fast_options();
    options.max_connections = 2;
    options.idle_timeout = 5s;
    const RunningServer running(options);
    const auto first = running.client();
    const auto second = running.client();
    // Each is accepted once a request shows it is being served.
    for (HttpTestClient* client : {first.get(), second.get()}) {
        client->send("GET /hold HTTP/1.1\r\n\r\n");
        REQUIRE(client->receive());
    }
    const auto third = running.client();
    const auto refused = third->receive();
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(error_code_of(*refused) == "too_many_connections");
    CHECK(third->wait_closed(2s));
    first->send("GET /still HTTP/1.1\r\n\r\n");
    const auto still = first->receive();
    REQUIRE(still);
    CHECK(still->status == 200);
}

TEST_CASE("a handler that throws gives a JSON 500 and the connection goes on", "[api][server]") {
    const RunningServer running;
    const auto client = running.client();
    client->send("GET /boom HTTP/1.1\r\n\r\n");
    const auto broken = client->receive();
    REQUIRE(broken);
    CHECK(broken->status == 500);
    CHECK(error_code_of(*broken) == "internal");
    client->send("GET /fine HTTP/1.1\r\n\r\n");
    const auto fine = client->receive();
    REQUIRE(fine);
    CHECK(fine->status == 200);
}

TEST_CASE("an address in use is refused with its name, and stop() is prompt with clients open",
          "[api][server]") {
    const RunningServer running;
    auto options = RunningServer::fast_options();
    options.listen = {"127.0.0.1:0", running.server.bound().front()};
    HttpServer clash(options, answer_now(echo));
    const auto started = clash.start();
    REQUIRE_FALSE(started);
    CHECK(started.error().message.find(running.server.bound().front()) != std::string::npos);

    HttpServer stopping(RunningServer::fast_options(), answer_now(echo));
    REQUIRE(stopping.start());
    HttpTestClient open_client(stopping.bound().front());
    open_client.send("GET /half HTTP/1.1\r\n");
    stopping.stop();
    CHECK(open_client.wait_closed(2s));
}

} // namespace dcvd::api

namespace dcvd::api {
namespace {

/// Answers each request from a thread of its own after `delay` (as a durable commit would),
/// echoing the target; the reply outlives nothing it borrows.
HttpHandler answer_later(std::chrono::milliseconds delay) {
    return [delay](const HttpRequest& request, HttpReply reply) {
        std::thread([delay, target = request.target, reply = std::move(reply)]() mutable {
            std::this_thread::sleep_for(delay);
            HttpResponse response;
            response.body = nlohmann::json{{"target", target}}.dump();
            reply.send(std::move(response));
        }).detach();
    };
}

TEST_CASE("replies sent later from other threads keep pipelined requests in order",
          "[api][server]") {
    const RunningServer running(RunningServer::fast_options(), answer_later(20ms));
    const auto client = running.client();
    client->send("GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\n");
    for (const std::string target : {"/one", "/two"}) {
        const auto response = client->receive();
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(body_of(*response)["target"] == target);
    }
}

TEST_CASE("a slow reply is not a request timeout", "[api][server]") {
    // request_timeout is 300 ms: a reply that takes longer still arrives.
    const RunningServer running(RunningServer::fast_options(), answer_later(450ms));
    const auto client = running.client();
    client->send("GET /slow HTTP/1.1\r\n\r\n");
    const auto response = client->receive();
    REQUIRE(response);
    CHECK(response->status == 200);
}

TEST_CASE("a handler that drops its reply unsent answers 500", "[api][server]") {
    const RunningServer running(RunningServer::fast_options(),
                                [](const HttpRequest&, HttpReply) {});
    const auto client = running.client();
    client->send("GET /forgotten HTTP/1.1\r\n\r\n");
    const auto response = client->receive();
    REQUIRE(response);
    CHECK(response->status == 500);
    CHECK(error_code_of(*response) == "internal");
}

TEST_CASE("a reply for a connection that closed, or a server that stopped, is dropped",
          "[api][server]") {
    auto running =
        std::make_unique<RunningServer>(RunningServer::fast_options(), answer_later(100ms));
    {
        const auto client = running->client();
        client->send("GET /gone HTTP/1.1\r\n\r\n");
    } // closed before the reply
    const auto other = running->client();
    other->send("GET /stays HTTP/1.1\r\n\r\n");
    running.reset(); // stops with a reply still to come: it must not touch the gone loop
    std::this_thread::sleep_for(200ms);
    SUCCEED("no crash, no use after free (ASan)");
}

/// Sends `request` on the unix socket at `path` and returns all the server sends until it closes.
std::string unix_exchange(const std::string& path, std::string_view request) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof(address.sun_path));
    std::copy(path.begin(), path.end(), address.sun_path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    const timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string reply;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
        std::array<char, 4096> buffer{};
        for (ssize_t n = 0; (n = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0;) {
            reply.append(buffer.data(), static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return reply;
}

TEST_CASE("the API also serves a unix socket with the configured mode, and removes it on stop",
          "[api][server][unix]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("dcvd-unix-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "api.sock").string();
    auto options = RunningServer::fast_options();
    options.unix_socket = path;
    options.unix_socket_mode = 0600;
    {
        const RunningServer running(options);
        REQUIRE(running.server.bound().size() == 2);
        CHECK(running.server.bound().back() == "unix:" + path);
        struct stat info {};
        REQUIRE(::stat(path.c_str(), &info) == 0);
        CHECK(S_ISSOCK(info.st_mode));
        CHECK((info.st_mode & 0777) == 0600);
        const auto reply =
            unix_exchange(path, "GET /over-unix HTTP/1.1\r\nConnection: close\r\n\r\n");
        CHECK(reply.starts_with("HTTP/1.1 200 OK"));
        CHECK(reply.find("/over-unix") != std::string::npos);
        // A second server may not take a socket that is answered.
        HttpServer clash(options, answer_now(echo));
        const auto refused = clash.start();
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.find("in use") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(path));
    {
        // A stale socket file (a killed server's) is replaced; any other file is left alone.
        const int stale = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::copy(path.begin(), path.end(), address.sun_path);
        REQUIRE(::bind(stale, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        ::close(stale);
        const RunningServer replaced(options);
        CHECK(unix_exchange(path, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                  .starts_with("HTTP/1.1 200"));
    }
    std::ofstream(path) << "not a socket";
    HttpServer refused(options, answer_now(echo));
    const auto started = refused.start();
    REQUIRE_FALSE(started);
    CHECK(started.error().message.find("not a socket") != std::string::npos);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace dcvd::api
