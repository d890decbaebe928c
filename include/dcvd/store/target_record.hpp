// store/target_record.hpp: the record stored per target (registered host) and its encoding.
// The view is on the DNS hot path: noexcept, no allocation, every length checked.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dcvd/base/result.hpp"

namespace dcvd::store {

/// Encoding of a record in the "targets" database, all integers big-endian:
///   u8 format (=2) | u8 flags | u8 host_len | host octets | u64 created | u8 state
///   | u64 state_since | u8 count | count × ( u64 expires_at | u32 ttl | u8 len | len octets )
/// Values are kept in insertion order; expires_at and created are Unix seconds.
/// Format 1 (no state) was never released; such records are refused as malformed.
inline constexpr std::uint8_t record_format = 2;

/// Record flags. A suppressed target exists but none of its values are served (stale, later).
/// An acme-dns target belongs to an acme-dns account: its host is the account's subdomain label,
/// no customer host is known, and the checker leaves it alone.
enum class RecordFlag : std::uint8_t { Suppressed = 0x01, AcmeDns = 0x02 };

/// Where a delegation stands (DESIGN.md §6). Registration makes it Pending; the checker moves it.
enum class DelegationState : std::uint8_t {
    Pending = 0,      ///< registered, CNAME not seen
    Delegated = 1,    ///< CNAME to our target seen on every customer nameserver
    Active = 2,       ///< and the host resolves to the provider's edge
    Stale = 3,        ///< the customer left (reason kept by the checker)
    Misdelegated = 4, ///< the CNAME points elsewhere
};
inline constexpr std::array all_delegation_states{
    DelegationState::Pending, DelegationState::Delegated, DelegationState::Active,
    DelegationState::Stale, DelegationState::Misdelegated};

[[nodiscard]] std::string_view to_text(DelegationState state) noexcept;
[[nodiscard]] std::optional<DelegationState>
delegation_state_from_text(std::string_view text) noexcept;

struct ChallengeValue {
    std::string text;             ///< 1..255 printable ASCII octets
    std::uint32_t ttl = 60;       ///< seconds
    std::uint64_t expires_at = 0; ///< Unix seconds; never served from then on
};

struct TargetRecord {
    std::string host; ///< lower-case host without trailing dot ("www.example.com")
    std::uint8_t flags = 0;
    std::uint64_t created = 0; ///< Unix seconds
    DelegationState state = DelegationState::Pending;
    std::uint64_t state_since = 0; ///< Unix seconds
    std::vector<ChallengeValue> values;

    [[nodiscard]] bool is_suppressed() const noexcept {
        return (flags & static_cast<std::uint8_t>(RecordFlag::Suppressed)) != 0;
    }
    [[nodiscard]] bool is_acme_dns() const noexcept {
        return (flags & static_cast<std::uint8_t>(RecordFlag::AcmeDns)) != 0;
    }
};

[[nodiscard]] std::vector<std::uint8_t> encode(const TargetRecord& record);
[[nodiscard]] base::Result<TargetRecord> decode(std::span<const std::uint8_t> bytes);

/// A value as the hot path sees it: text borrowed from the record bytes.
struct ValueView {
    std::span<const std::uint8_t> text;
    std::uint32_t ttl = 0;
    std::uint64_t expires_at = 0;
};

/// Zero-copy reader of an encoded record. Borrowed bytes must outlive it (for a ReadView lookup:
/// until the view is reset). Malformed bytes make ok() false and yield no values.
class TargetRecordView {
public:
    explicit TargetRecordView(std::span<const std::uint8_t> bytes) noexcept;

    [[nodiscard]] bool ok() const noexcept { return ok_; }
    [[nodiscard]] bool is_suppressed() const noexcept { return suppressed_; }
    [[nodiscard]] std::size_t value_count() const noexcept { return count_; }

    /// Iterates values in stored order: `next` returns false when none is left or on bad bytes.
    class Cursor {
    public:
        [[nodiscard]] bool next(ValueView& out) noexcept;

    private:
        friend class TargetRecordView;
        Cursor(std::span<const std::uint8_t> values, std::size_t count) noexcept
            : rest_(values), left_(count) {}
        std::span<const std::uint8_t> rest_;
        std::size_t left_;
    };
    [[nodiscard]] Cursor values() const noexcept { return Cursor(values_, ok_ ? count_ : 0); }

private:
    std::span<const std::uint8_t> values_;
    std::size_t count_ = 0;
    bool suppressed_ = false;
    bool ok_ = false;
};

} // namespace dcvd::store
