// store/read_view.hpp: a worker's read snapshot of the store. Hot path: noexcept, no allocation,
// no lock (an LMDB read transaction that is reset and renewed, never re-created).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "dcvd/store/env.hpp"

namespace dcvd::store {

enum class Presence : std::uint8_t {
    Absent,           ///< no such owner and nothing below it: NXDOMAIN
    Exists,           ///< a target record is stored at the key
    EmptyNonTerminal, ///< nothing at the key but names below it (RFC 8020: NODATA)
};

struct Lookup {
    Presence presence = Presence::Absent;
    std::span<const std::uint8_t> record; ///< when Exists; valid until reset() or renew()
};

/// Owned by one thread. Usage per batch of packets: renew(), lookups, reset().
class ReadView {
public:
    /// Allocates the transaction once; throws std::runtime_error if LMDB cannot.
    explicit ReadView(Env& env);
    ~ReadView();
    ReadView(const ReadView&) = delete;
    ReadView& operator=(const ReadView&) = delete;

    /// Starts a snapshot of the latest commit and reads its serial. False if LMDB failed
    /// (the caller answers SERVFAIL until a later renew succeeds).
    [[nodiscard]] bool renew() noexcept;
    /// Ends the snapshot so the writer can reuse pages; lookups are invalid until renew().
    void reset() noexcept;

    /// The zone serial of the snapshot (RFC 1982 sequence space).
    [[nodiscard]] std::uint32_t serial() const noexcept { return serial_; }

    /// One cursor positioning (MDB_SET_RANGE) tells all three presences at once: an exact key is
    /// Exists; a following key that extends it (keys end labels in 0x00) is EmptyNonTerminal.
    [[nodiscard]] Lookup find(std::span<const std::uint8_t> relative_key) noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::uint32_t serial_ = 0;
};

} // namespace dcvd::store
