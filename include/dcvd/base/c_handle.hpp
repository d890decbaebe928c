// base/c_handle.hpp: unique_ptr aliases for C library handles with a stateless deleter.
#pragma once

#include <memory>

namespace dcvd::base {

template <auto Fn> struct CFree {
    void operator()(auto* p) const noexcept { Fn(p); }
};

/// Owns a T* and releases it with Fn; costs one pointer (unlike decltype(&fn) deleters).
template <class T, auto Fn> using CHandle = std::unique_ptr<T, CFree<Fn>>;

} // namespace dcvd::base
