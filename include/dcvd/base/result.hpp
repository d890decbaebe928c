// base/result.hpp: Error and Result<T>, the control plane's way to report failures a caller must
// handle. A subset of C++23 std::expected with the same member names (g++ 12 has none).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace dcvd::base {

/// What went wrong, coarse enough for the API to map to an HTTP status.
enum class ErrorCode : std::uint8_t {
    Invalid,     ///< bad input from the caller (400)
    NotFound,    ///< the thing named does not exist (404)
    Conflict,    ///< a rule or a limit refuses it (409)
    Full,        ///< storage is full: LMDB map or disk (507)
    Unavailable, ///< a dependency (file, socket, peer) failed (503)
    Internal,    ///< a bug or a broken environment (500)
};

[[nodiscard]] std::string_view to_string(ErrorCode code) noexcept;

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

[[nodiscard]] inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

/// Tag for constructing a failed Result, as std::unexpected.
struct Unexpected {
    Error error;
};
[[nodiscard]] inline Unexpected unexpected(Error error) {
    return Unexpected{std::move(error)};
}
[[nodiscard]] inline Unexpected unexpected(ErrorCode code, std::string message) {
    return Unexpected{Error{code, std::move(message)}};
}

template <class T> class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Unexpected failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & { return checked_value(); }
    const T& value() const& { return const_cast<Result*>(this)->checked_value(); }
    T&& value() && { return std::move(checked_value()); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        assert(!has_value());
        return std::get<1>(state_);
    }
    Error&& error() && {
        assert(!has_value());
        return std::move(std::get<1>(state_));
    }

private:
    T& checked_value() {
        assert(has_value());
        return std::get<0>(state_);
    }
    std::variant<T, Error> state_;
};

/// Result<void>: success carries nothing.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected failure) : error_(std::move(failure.error)), failed_(true) {}

    [[nodiscard]] bool has_value() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return has_value(); }
    const Error& error() const& {
        assert(failed_);
        return error_;
    }
    Error&& error() && {
        assert(failed_);
        return std::move(error_);
    }

private:
    Error error_;
    bool failed_ = false;
};

} // namespace dcvd::base
