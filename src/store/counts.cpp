// store/counts.cpp: delegation counts as one "meta" entry: u64 BE per state (in DelegationState
// order), then u64 BE values. A layout of another length (more states later) is recounted.
#include "counts.hpp"

#include <array>

#include "big_endian.hpp"
#include "meta.hpp"
#include "target_walk.hpp"

namespace dcvd::store::counts {
namespace {

constexpr std::size_t fields = all_delegation_states.size() + 1;
constexpr std::size_t encoded_size = fields * sizeof(std::uint64_t);

base::Result<void> check_rc(int rc, std::string_view what) {
    if (rc != 0) {
        return base::unexpected(lmdb_error(rc, what));
    }
    return {};
}

base::Result<void> store(MDB_txn* txn, const Env::Handles& handles,
                         const DelegationCounts& counts) {
    std::array<std::uint8_t, encoded_size> bytes{};
    const std::span<std::uint8_t> out(bytes);
    for (std::size_t i = 0; i < counts.by_state.size(); ++i) {
        store_be(counts.by_state[i], out.subspan(i * sizeof(std::uint64_t)));
    }
    store_be(counts.values, out.subspan(counts.by_state.size() * sizeof(std::uint64_t)));
    return check_rc(meta::put(txn, handles, meta::delegation_counts_key, bytes),
                    "cannot store the delegation counts");
}

// Saturating: a count never wraps below zero (it cannot, while every change is adjusted).
void subtract(std::uint64_t& count, std::uint64_t n) noexcept {
    count = count >= n ? count - n : 0;
}

} // namespace

base::Result<std::optional<DelegationCounts>> load(MDB_txn* txn, const Env::Handles& handles) {
    std::span<const std::uint8_t> bytes;
    const int rc = meta::get(txn, handles, meta::delegation_counts_key, bytes);
    if (rc == MDB_NOTFOUND) {
        return std::optional<DelegationCounts>{};
    }
    if (auto checked = check_rc(rc, "cannot read the delegation counts"); !checked) {
        return base::unexpected(std::move(checked).error());
    }
    if (bytes.size() != encoded_size) {
        return std::optional<DelegationCounts>{};
    }
    DelegationCounts counts;
    for (std::size_t i = 0; i < counts.by_state.size(); ++i) {
        counts.by_state[i] = load_be<std::uint64_t>(bytes.subspan(i * sizeof(std::uint64_t)));
    }
    counts.values =
        load_be<std::uint64_t>(bytes.subspan(counts.by_state.size() * sizeof(std::uint64_t)));
    return std::optional<DelegationCounts>(counts);
}

base::Result<DelegationCounts> recount(MDB_txn* txn, const Env::Handles& handles) {
    DelegationCounts counts;
    auto walked = walk_targets(
        txn, handles, [&counts](std::span<const std::uint8_t>, const TargetRecord& record) {
            ++counts.by_state[static_cast<std::size_t>(record.state)];
            counts.values += record.values.size();
            return base::Result<void>{};
        });
    if (!walked) {
        return base::unexpected(std::move(walked).error());
    }
    return counts;
}

base::Result<DelegationCounts> current(MDB_txn* txn, const Env::Handles& handles) {
    auto stored = load(txn, handles);
    if (!stored) {
        return base::unexpected(std::move(stored).error());
    }
    if (*stored) {
        return **stored;
    }
    return recount(txn, handles);
}

base::Result<bool> ensure(MDB_txn* txn, const Env::Handles& handles) {
    auto stored = load(txn, handles);
    if (!stored) {
        return base::unexpected(std::move(stored).error());
    }
    if (*stored) {
        return false;
    }
    auto counted = recount(txn, handles);
    if (!counted) {
        return base::unexpected(std::move(counted).error());
    }
    if (auto stored_now = store(txn, handles, *counted); !stored_now) {
        return base::unexpected(std::move(stored_now).error());
    }
    return true;
}

base::Result<void> adjust(MDB_txn* txn, const Env::Handles& handles,
                          const std::optional<Contribution>& before,
                          const std::optional<Contribution>& after) {
    if (before == after) {
        return {}; // a refresh: no write to meta
    }
    auto counts = current(txn, handles);
    if (!counts) {
        return base::unexpected(std::move(counts).error());
    }
    if (before) {
        subtract(counts->by_state[static_cast<std::size_t>(before->state)], 1);
        subtract(counts->values, before->values);
    }
    if (after) {
        ++counts->by_state[static_cast<std::size_t>(after->state)];
        counts->values += after->values;
    }
    return store(txn, handles, *counts);
}

} // namespace dcvd::store::counts
