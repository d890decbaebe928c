// uv/unix_socket.cpp: a listening unix socket's file: a stale one from a killed run is replaced,
// a live one (another server answers on it) or any other file is left alone.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "dcvd/uv/socket.hpp"

namespace dcvd::uv {
namespace {

base::Unexpected failure(const std::string& path, std::string_view doing) {
    return base::unexpected(
        base::ErrorCode::Unavailable,
        fmt::format("cannot {} unix socket {}: {}", doing, path, std::strerror(errno)));
}

/// Whether a server accepts connections on the socket file at `address`.
bool is_answered(const sockaddr_un& address) {
    const Socket probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return probe.fd() >= 0 &&
           ::connect(probe.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

} // namespace

base::Result<Socket> bind_unix_socket(const std::string& path, unsigned mode) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(address.sun_path)) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("unix socket path '{}' must hold 1..{} octets", path,
                                            sizeof(address.sun_path) - 1));
    }
    std::memcpy(address.sun_path, path.data(), path.size());
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0) {
        if (!S_ISSOCK(existing.st_mode)) {
            return base::unexpected(
                base::ErrorCode::Conflict,
                fmt::format("{} exists and is not a socket: not replacing it", path));
        }
        if (is_answered(address)) {
            return base::unexpected(
                base::ErrorCode::Conflict,
                fmt::format("unix socket {} is in use by another server", path));
        }
        ::unlink(path.c_str()); // left by a server that did not close it (kill -9)
    }
    Socket socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (socket.fd() < 0) {
        return failure(path, "create");
    }
    // The file is made with the umask's mode; nobody can connect before the chmod, as nothing
    // listens until libuv adopts the socket.
    if (::bind(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return failure(path, "bind");
    }
    if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
        const auto error = failure(path, "set the mode of");
        ::unlink(path.c_str());
        return error;
    }
    return socket;
}

} // namespace dcvd::uv
