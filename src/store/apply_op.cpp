// store/apply_op.cpp: the semantics of each write operation (write_ops.hpp), validated again
// inside the transaction: records, expiry index entries and the static-zone digest.
#include "apply_op.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "acme_account_record.hpp"
#include "counts.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/wire/name.hpp"
#include "delegation_record.hpp"
#include "delegations.hpp"
#include "expiry_index.hpp"
#include "meta.hpp"
#include "outbox_table.hpp"

namespace dcvd::store {
namespace {

constexpr std::size_t max_host_size = 253;
constexpr std::size_t max_text_size = 255;

WriteOutcome data_changed(bool created, std::size_t affected) {
    WriteOutcome outcome;
    outcome.changed = true;
    outcome.created = created;
    outcome.affected = affected;
    return outcome;
}
constexpr std::size_t max_record_values = 255; // the record's u8 count

// A registration: pending since it was made (DESIGN.md §6).
TargetRecord new_record(const std::string& host, std::uint64_t now) {
    TargetRecord record;
    record.host = host;
    record.created = now;
    record.state = DelegationState::Pending;
    record.state_since = now;
    return record;
}

base::Unexpected invalid(std::string message) {
    return base::unexpected(base::ErrorCode::Invalid, std::move(message));
}

// A relative canonical key: labels of 1..63 non-zero octets, each followed by 0x00.
bool is_relative_key(std::span<const std::uint8_t> key) noexcept {
    if (key.empty() || key.size() > wire::max_key_size || key.back() != 0) {
        return false;
    }
    std::size_t label = 0;
    for (const std::uint8_t octet : key) {
        if (octet != 0) {
            ++label;
        } else if (label == 0 || label > wire::max_label_size) {
            return false;
        } else {
            label = 0;
        }
    }
    return true;
}

// The key as a relative name ("www.example.com"), for messages.
std::string key_text(std::span<const std::uint8_t> key) {
    std::string text;
    std::size_t end = key.size();
    while (end > 0) {
        const std::size_t terminator = end - 1;
        std::size_t start = terminator;
        while (start > 0 && key[start - 1] != 0) {
            --start;
        }
        if (!text.empty()) {
            text += '.';
        }
        text.append(as_text(key.subspan(start, terminator - start)));
        end = start;
    }
    return text;
}

base::Result<void> check_key(std::span<const std::uint8_t> key) {
    if (!is_relative_key(key)) {
        return invalid("the target key is not a relative canonical key");
    }
    return {};
}

base::Result<void> check_host(std::string_view host) {
    if (host.empty() || host.size() > max_host_size) {
        return invalid(fmt::format("host '{}' must hold 1..{} octets", host, max_host_size));
    }
    return {};
}

base::Result<void> check_text(std::string_view text) {
    const bool printable = std::ranges::all_of(text, [](char c) { return c >= 0x20 && c <= 0x7e; });
    if (text.empty() || text.size() > max_text_size || !printable) {
        return invalid(
            fmt::format("a value must be 1..{} printable ASCII characters", max_text_size));
    }
    return {};
}

base::Result<void> check_rc(int rc, std::string_view what) {
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, what));
    }
    return {};
}

// Returns the error of a failed Result (any T) from the enclosing function.
#define DCVD_TRY(expr)                                                                             \
    if (auto&& dcvd_try_result = (expr); !dcvd_try_result) {                                       \
        return base::unexpected(std::move(dcvd_try_result).error());                               \
    }

class Applier {
public:
    Applier(MDB_txn* txn, const Env::Handles& handles, SerialPlan& plan)
        : txn_(txn), handles_(handles), plan_(plan) {}

    base::Result<WriteOutcome> operator()(const RegisterTarget& op) {
        DCVD_TRY(check_key(op.key));
        DCVD_TRY(check_host(op.host));
        auto record = load(op.key);
        DCVD_TRY(record);
        if (*record) {
            DCVD_TRY(check_owner(op.key, **record, op.host));
            return WriteOutcome{};
        }
        DCVD_TRY(save(op.key, new_record(op.host, op.created)));
        DCVD_TRY(delegations::start(txn_, handles_, op.key, op.created));
        return changed(data_changed(true, 0));
    }

    base::Result<WriteOutcome> operator()(const RegisterAcmeDns& op) {
        DCVD_TRY(check_key(op.key));
        DCVD_TRY(validate_acme_account(op.account));
        if (!handles_.has_acme_accounts_db) {
            return base::unexpected(base::ErrorCode::Unavailable,
                                    "the store has no acme_accounts database (opened read-only)");
        }
        auto existing = load(op.key);
        DCVD_TRY(existing);
        if (*existing) {
            return base::unexpected(base::ErrorCode::Conflict,
                                    fmt::format("subdomain '{}' is taken", op.account.subdomain));
        }
        const auto bytes = encode_acme_account(op.account);
        MDB_val k{op.account.username.size(), const_cast<char*>(op.account.username.data())};
        MDB_val v = to_val(bytes);
        const int rc = mdb_put(txn_, handles_.acme_accounts, &k, &v, MDB_NOOVERWRITE);
        if (rc == MDB_KEYEXIST) {
            return base::unexpected(base::ErrorCode::Conflict,
                                    fmt::format("username '{}' is taken", op.account.username));
        }
        DCVD_TRY(check_rc(rc, "cannot store an acme-dns account"));
        TargetRecord record = new_record(op.account.subdomain, op.account.created);
        record.flags |= static_cast<std::uint8_t>(RecordFlag::AcmeDns);
        DCVD_TRY(save(op.key, record));
        return changed(data_changed(true, 0));
    }

    base::Result<WriteOutcome> operator()(const PutValue& op) {
        DCVD_TRY(check_key(op.key));
        DCVD_TRY(check_host(op.host));
        DCVD_TRY(check_text(op.text));
        if (op.expires_at <= op.now) {
            return invalid(fmt::format("value for host '{}' expires at {}, not after now ({})",
                                       op.host, op.expires_at, op.now));
        }
        auto loaded = load(op.key);
        DCVD_TRY(loaded);
        WriteOutcome outcome;
        TargetRecord record;
        if (*loaded) {
            record = std::move(**loaded);
            DCVD_TRY(check_owner(op.key, record, op.host));
            DCVD_TRY(check_not_stale(op, record));
        } else if (op.register_if_missing) {
            record = new_record(op.host, op.now);
            outcome.created = true;
            DCVD_TRY(delegations::start(txn_, handles_, op.key, op.now));
        } else {
            return base::unexpected(
                base::ErrorCode::NotFound,
                fmt::format("no delegation is registered for host '{}'", op.host));
        }
        auto dropped = drop_expired(op.key, record.values, op.now);
        DCVD_TRY(dropped);
        outcome.affected = *dropped;

        auto& values = record.values;
        const auto same = std::ranges::find(values, op.text, &ChallengeValue::text);
        bool refreshed = false;
        if (same != values.end()) {
            // An existing text is refreshed in place: its position, its index entry moved.
            if (same->expires_at != op.expires_at) {
                DCVD_TRY(check_rc(expiry::remove(txn_, handles_, same->expires_at, op.key, op.text),
                                  "cannot update the expiry index"));
                DCVD_TRY(check_rc(expiry::add(txn_, handles_, op.expires_at, op.key, op.text),
                                  "cannot update the expiry index"));
            }
            refreshed = same->ttl != op.ttl || same->expires_at != op.expires_at;
            same->ttl = op.ttl;
            same->expires_at = op.expires_at;
            if (op.keep_latest > 0 && same + 1 != values.end()) {
                std::rotate(same, same + 1, values.end()); // now the most recent
                refreshed = true;
            }
        } else {
            if (op.keep_latest > 0 && values.size() >= op.keep_latest) {
                auto superseded = drop_oldest(op.key, values, values.size() + 1 - op.keep_latest);
                DCVD_TRY(superseded);
                outcome.affected += *superseded;
            }
            // Expired values are gone by now, so the count is of unexpired values only.
            const std::size_t limit = std::min(op.max_values, max_record_values);
            if (values.size() >= limit) {
                return base::unexpected(
                    base::ErrorCode::Conflict,
                    fmt::format("host '{}' already holds {} unexpired values, the most allowed "
                                "(max_values_per_host = {}): remove one or let one expire first",
                                op.host, values.size(), limit));
            }
            values.push_back(ChallengeValue{op.text, op.ttl, op.expires_at});
            outcome.value_added = true;
            DCVD_TRY(check_rc(expiry::add(txn_, handles_, op.expires_at, op.key, op.text),
                              "cannot update the expiry index"));
            refreshed = true;
        }
        const bool unsuppressed = op.force && record.is_suppressed();
        if (unsuppressed) {
            record.flags = static_cast<std::uint8_t>(
                record.flags & ~static_cast<std::uint8_t>(RecordFlag::Suppressed));
        }
        if (!refreshed && !unsuppressed && outcome.affected == 0 && !outcome.created) {
            return outcome;
        }
        DCVD_TRY(save(op.key, record));
        outcome.changed = true;
        return changed(outcome);
    }

    base::Result<WriteOutcome> operator()(const RemoveValues& op) {
        DCVD_TRY(check_key(op.key));
        auto loaded = load(op.key);
        DCVD_TRY(loaded);
        if (!*loaded) {
            return not_registered(op.key);
        }
        TargetRecord& record = **loaded;
        const auto removed = drop_values(op.key, record.values, [&op](const ChallengeValue& value) {
            return op.text && value.text != *op.text;
        });
        DCVD_TRY(removed);
        if (op.text && *removed == 0) {
            return base::unexpected(
                base::ErrorCode::NotFound,
                fmt::format("value '{}' is not published for host '{}'", *op.text, record.host));
        }
        WriteOutcome outcome;
        outcome.affected = *removed;
        if (*removed == 0) {
            return outcome;
        }
        DCVD_TRY(save(op.key, record));
        outcome.changed = true;
        return changed(outcome);
    }

    base::Result<WriteOutcome> operator()(const RemoveTarget& op) {
        DCVD_TRY(check_key(op.key));
        auto loaded = load(op.key);
        DCVD_TRY(loaded);
        if (!*loaded) {
            return not_registered(op.key);
        }
        DCVD_TRY(unindex(op.key, (*loaded)->values));
        DCVD_TRY(delegations::forget(txn_, handles_, op.key));
        MDB_val k = to_val(op.key);
        DCVD_TRY(check_rc(mdb_del(txn_, handles_.targets, &k, nullptr), "cannot remove a target"));
        DCVD_TRY(counts::adjust(txn_, handles_, contribution(**loaded), std::nullopt));
        return changed(data_changed(false, (*loaded)->values.size()));
    }

    base::Result<WriteOutcome> operator()(const PurgeExpired& op) {
        WriteOutcome outcome;
        while (true) {
            expiry::Entry entry;
            const int rc = expiry::first(txn_, handles_, entry);
            if (rc == MDB_NOTFOUND || (rc == 0 && entry.expires_at > op.now)) {
                break;
            }
            DCVD_TRY(check_rc(rc, "cannot read the expiry index"));
            // Copies: the entry borrows pages that the writes below may move.
            const Key key(entry.key.begin(), entry.key.end());
            const std::string text(entry.text);
            const std::uint64_t expires_at = entry.expires_at;
            auto loaded = load(key);
            DCVD_TRY(loaded);
            if (*loaded) {
                auto dropped = drop_expired(key, (*loaded)->values, op.now);
                DCVD_TRY(dropped);
                if (*dropped > 0) {
                    DCVD_TRY(save(key, **loaded));
                    outcome.affected += *dropped;
                }
            }
            // Normally gone already; removing it here guarantees the walk moves on regardless.
            DCVD_TRY(check_rc(expiry::remove(txn_, handles_, expires_at, key, text),
                              "cannot update the expiry index"));
        }
        outcome.changed = outcome.affected > 0;
        return outcome.changed ? changed(outcome) : outcome;
    }

    base::Result<WriteOutcome> operator()(const RecordCheck& op) {
        DCVD_TRY(check_key(op.key));
        DCVD_TRY(validate_delegation(op.status));
        auto loaded = load(op.key);
        DCVD_TRY(loaded);
        if (!*loaded) {
            return not_registered(op.key);
        }
        TargetRecord& record = **loaded;
        DCVD_TRY(check_owner(op.key, record, op.host));
        if (record.is_acme_dns()) {
            return invalid(fmt::format("target '{}' is an acme-dns account's: it is not checked",
                                       key_text(op.key)));
        }
        if (record.created != op.status.registered_at) {
            return base::unexpected(
                base::ErrorCode::Conflict,
                fmt::format("host '{}' was registered anew since the check began", op.host));
        }
        DCVD_TRY(delegations::put(txn_, handles_, op.key, op.status));
        for (const OutboxMessage& message : op.notify) {
            if (!handles_.has_outbox_db) {
                return base::unexpected(base::ErrorCode::Unavailable,
                                        "the store has no outbox database (opened read-only)");
            }
            DCVD_TRY(outbox::add(txn_, handles_, message));
        }
        const bool was_suppressed = record.is_suppressed();
        const bool suppressed = op.status.state == DelegationState::Stale;
        if (record.state == op.status.state && record.state_since == op.status.since &&
            was_suppressed == suppressed) {
            return WriteOutcome{};
        }
        record.state = op.status.state;
        record.state_since = op.status.since;
        const auto flag = static_cast<std::uint8_t>(RecordFlag::Suppressed);
        record.flags =
            static_cast<std::uint8_t>(suppressed ? record.flags | flag : record.flags & ~flag);
        DCVD_TRY(save(op.key, record));
        if (was_suppressed == suppressed) {
            return WriteOutcome{}; // the answers are the same: the zone's serial stays
        }
        return changed(data_changed(false, 0));
    }

    base::Result<WriteOutcome> operator()(const DeleteOutbox& op) {
        if (!handles_.has_outbox_db) {
            return WriteOutcome{};
        }
        DCVD_TRY(outbox::remove(txn_, handles_, op.id));
        return WriteOutcome{};
    }

    base::Result<WriteOutcome> operator()(const SyncStaticZone& op) {
        std::span<const std::uint8_t> stored;
        const int rc = meta::get(txn_, handles_, meta::static_digest_key, stored);
        if (rc != 0 && rc != MDB_NOTFOUND) {
            DCVD_TRY(check_rc(rc, "cannot read the static zone digest"));
        }
        const bool first_time = rc == MDB_NOTFOUND;
        if (!first_time && std::ranges::equal(stored, op.digest)) {
            return WriteOutcome{};
        }
        if (first_time && !plan_.stored_present && !plan_.changed && !plan_.chosen) {
            plan_.chosen = op.file_serial; // a new store starts at the zone file's serial
        } else {
            // RFC 1982: past the stored serial, and not behind a zone file whose serial moved on.
            plan_.chosen = serial_later(serial_next(plan_.current()), op.file_serial);
        }
        DCVD_TRY(check_rc(meta::put(txn_, handles_, meta::static_digest_key, op.digest),
                          "cannot store the static zone digest"));
        return changed(data_changed(false, 0));
    }

private:
    base::Result<std::optional<TargetRecord>> load(std::span<const std::uint8_t> key) {
        MDB_val k = to_val(key);
        MDB_val v{};
        const int rc = mdb_get(txn_, handles_.targets, &k, &v);
        if (rc == MDB_NOTFOUND) {
            return std::optional<TargetRecord>{};
        }
        DCVD_TRY(check_rc(rc, "cannot read a target"));
        auto record = decode(to_span(v));
        if (!record) {
            return base::unexpected(
                base::ErrorCode::Internal,
                fmt::format("the stored record of target '{}' is malformed", key_text(key)));
        }
        return std::optional<TargetRecord>(std::move(*record));
    }

    static counts::Contribution contribution(const TargetRecord& record) noexcept {
        return counts::Contribution{record.state, record.values.size()};
    }

    // Every stored record goes through here (and RemoveTarget's delete), so the delegation
    // counts follow each change: the record as it was is read back rather than trusted to the
    // caller.
    base::Result<void> save(std::span<const std::uint8_t> key, const TargetRecord& record) {
        auto before = load(key);
        DCVD_TRY(before);
        const auto bytes = encode(record);
        MDB_val k = to_val(key);
        MDB_val v = to_val(bytes);
        DCVD_TRY(check_rc(mdb_put(txn_, handles_.targets, &k, &v, 0), "cannot store a target"));
        std::optional<counts::Contribution> was;
        if (*before) {
            was = contribution(**before);
        }
        return counts::adjust(txn_, handles_, was, contribution(record));
    }

    // Drops values expired by `now` with their index entries; returns how many went.
    base::Result<std::size_t> drop_expired(std::span<const std::uint8_t> key,
                                           std::vector<ChallengeValue>& values, std::uint64_t now) {
        return drop_values(key, values,
                           [now](const ChallengeValue& value) { return value.expires_at > now; });
    }

    // Drops the values `keep` refuses, with their index entries; returns how many went. Stable:
    // the values kept stay in insertion order, the order they are served in.
    /// Drops the first `count` values (the oldest: values are kept in insertion order).
    base::Result<std::size_t> drop_oldest(std::span<const std::uint8_t> key,
                                          std::vector<ChallengeValue>& values, std::size_t count) {
        std::vector<std::string> oldest;
        for (std::size_t i = 0; i < count && i < values.size(); ++i) {
            oldest.push_back(values[i].text);
        }
        return drop_values(key, values, [&oldest](const ChallengeValue& value) {
            return std::ranges::find(oldest, value.text) == oldest.end();
        });
    }

    template <class Keep>
    base::Result<std::size_t> drop_values(std::span<const std::uint8_t> key,
                                          std::vector<ChallengeValue>& values, Keep keep) {
        const auto first_dropped = std::stable_partition(values.begin(), values.end(), keep);
        const std::span<const ChallengeValue> dropped(first_dropped, values.end());
        const std::size_t count = dropped.size();
        DCVD_TRY(unindex(key, dropped));
        values.erase(first_dropped, values.end());
        return count;
    }

    base::Result<void> unindex(std::span<const std::uint8_t> key,
                               std::span<const ChallengeValue> values) {
        for (const ChallengeValue& value : values) {
            DCVD_TRY(check_rc(expiry::remove(txn_, handles_, value.expires_at, key, value.text),
                              "cannot update the expiry index"));
        }
        return {};
    }

    base::Result<void> check_owner(std::span<const std::uint8_t> key, const TargetRecord& record,
                                   std::string_view host) const {
        if (record.host != host) {
            return base::unexpected(base::ErrorCode::Conflict,
                                    fmt::format("target '{}' is registered for host '{}', not '{}'",
                                                key_text(key), record.host, host));
        }
        return {};
    }

    // A stale delegation takes no new values unless the write is forced (DESIGN.md §6).
    base::Result<void> check_not_stale(const PutValue& op, const TargetRecord& record) const {
        if (record.state != DelegationState::Stale || op.force) {
            return {};
        }
        DelegationStatus status;
        status.state = record.state;
        auto found = delegations::load(txn_, handles_, op.key, status);
        DCVD_TRY(found);
        return base::unexpected(
            base::ErrorCode::Conflict,
            fmt::format("the delegation of host '{}' is stale ({}): its values are not served "
                        "and new ones are refused; ask the customer to set it right, delete it, "
                        "or write with force",
                        op.host, *found ? to_text(status.reason) : "reason unknown"));
    }

    base::Unexpected not_registered(std::span<const std::uint8_t> key) const {
        return base::unexpected(base::ErrorCode::NotFound,
                                fmt::format("no target is registered at '{}'", key_text(key)));
    }

    WriteOutcome changed(WriteOutcome outcome) {
        plan_.changed = true;
        return outcome;
    }

    MDB_txn* txn_;
    const Env::Handles& handles_;
    SerialPlan& plan_;
};

} // namespace

base::Result<SerialPlan> start_plan(MDB_txn* txn, const Env::Handles& handles) {
    SerialPlan plan;
    DCVD_TRY(
        check_rc(meta::get_u32(txn, handles, meta::serial_key, plan.stored, plan.stored_present),
                 "cannot read the serial"));
    return plan;
}

base::Result<std::uint32_t> finish_plan(MDB_txn* txn, const Env::Handles& handles,
                                        const SerialPlan& plan) {
    const std::uint32_t serial = plan.next();
    if (plan.changed) {
        DCVD_TRY(check_rc(meta::put_u32(txn, handles, meta::serial_key, serial),
                          "cannot store the serial"));
    }
    return serial;
}

base::Result<WriteOutcome> apply_op(MDB_txn* txn, const Env::Handles& handles, const WriteOp& op,
                                    SerialPlan& plan) {
    return std::visit(Applier(txn, handles, plan), op);
}

} // namespace dcvd::store
