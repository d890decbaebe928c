// store/write_ops.hpp: the operations the writer applies, each validated again inside the txn.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dcvd/store/acme_accounts.hpp"
#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/outbox.hpp"

namespace dcvd::store {

/// A relative canonical key as made by wire::relative_key (owner below the apex).
using Key = std::vector<std::uint8_t>;

/// Registers the target when it is missing (no-op when present: idempotent).
struct RegisterTarget {
    std::string host; ///< lower-case, no trailing dot
    Key key;
    std::uint64_t created = 0;
};

/// Adds a value at a target, or refreshes ttl and expiry when the text is already there.
/// Registers the target first when `register_if_missing`, else fails NotFound. Fails Conflict
/// when the target would hold more than `max_values` unexpired values.
struct PutValue {
    std::string host;
    Key key;
    std::string text;
    std::uint32_t ttl = 60;
    std::uint64_t expires_at = 0;
    std::uint64_t now = 0; ///< values expired by then are dropped while the record is rewritten
    std::size_t max_values = 8;
    bool register_if_missing = false;
    /// When not 0, the value becomes the most recent one (a refresh moves it last) and the
    /// oldest ones beyond this many are dropped: acme-dns keeps two.
    std::size_t keep_latest = 0;
    /// A stale delegation refuses new values (Conflict naming the reason) unless forced; a
    /// forced write serves the delegation's values again until a check confirms it stale anew.
    bool force = false;
};

/// Removes one value (`text`) or all of them (nullopt). NotFound when the target is missing or
/// the named value is not there.
struct RemoveValues {
    Key key;
    std::optional<std::string> text;
};

/// Removes the target and its values (its name then answers NXDOMAIN). NotFound when missing.
struct RemoveTarget {
    Key key;
};

/// Stores an acme-dns account and registers its target (host = its subdomain, flag AcmeDns),
/// in one transaction. Conflict when the username or the target exists.
struct RegisterAcmeDns {
    AcmeDnsAccount account;
    Key key; ///< the subdomain's target key
};

/// Drops every value whose expires_at <= now, through the expiry index (no full scan).
struct PurgeExpired {
    std::uint64_t now = 0;
};

/// Binds the store to the static zone: on first use the serial starts at the zone file's; when
/// the digest of the static records changed, the serial advances past both (RFC 1982).
struct SyncStaticZone {
    std::uint32_t file_serial = 0;
    std::array<std::uint8_t, 32> digest{};
};

/// Stores what a check of the delegation at `key` made of it: the state and since into the
/// target record (a stale one is suppressed: its values are not served until it leaves stale),
/// the rest into its delegation record, and its place in the check schedule. NotFound when the
/// target is gone; Conflict when it belongs to another host or was registered anew since the
/// check read it (registered_at differs), so a late check never overwrites a newer delegation.
/// `notify`: the webhook deliveries of the transition this check confirmed, written to the
/// outbox in the same transaction.
struct RecordCheck {
    Key key;
    std::string host;
    DelegationStatus status;
    std::vector<OutboxMessage> notify{};
};

/// A webhook delivery was delivered: it leaves the outbox (one already gone is no error).
struct DeleteOutbox {
    std::uint64_t id = 0;
};

using WriteOp = std::variant<RegisterTarget, PutValue, RemoveValues, RemoveTarget, PurgeExpired,
                             SyncStaticZone, RegisterAcmeDns, RecordCheck, DeleteOutbox>;

/// What one applied operation did.
struct WriteOutcome {
    bool changed = false;     ///< whether the data changed (and so the serial advanced)
    bool created = false;     ///< RegisterTarget/PutValue: the target was new
    std::size_t affected = 0; ///< values removed or purged
    std::uint32_t serial = 0; ///< the serial of the commit that carried it
    bool value_added = false; ///< PutValue: the text was new (else an existing one was refreshed)
};

} // namespace dcvd::store
