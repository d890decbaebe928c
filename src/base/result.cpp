// base/result.cpp: names of error codes, for logs and API error bodies.
#include "dcvd/base/result.hpp"

namespace dcvd::base {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::Invalid:
        return "invalid";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::Full:
        return "storage_full";
    case ErrorCode::Unavailable:
        return "unavailable";
    case ErrorCode::Internal:
        return "internal";
    }
    return "internal";
}

} // namespace dcvd::base
