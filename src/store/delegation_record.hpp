// store/delegation_record.hpp: the value of the "delegations" database (the checker's part of a
// DelegationStatus; state and since are the target record's), its encoding and its bounds.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dcvd/base/result.hpp"
#include "dcvd/store/delegation_status.hpp"

namespace dcvd::store {

/// Encoding, integers big-endian:
///   u8 format (=1) | u8 reason | u8 flags (1 cname_seen, 2 edge_seen, 4 candidate)
///   | [candidate: u8 state | u8 reason | u8 checks | u64 first_at]
///   | u64 last_check | u64 next_check | u32 interval | u16 len | evidence
///   | u8 count × ( u8 from | u8 to | u8 reason | u64 at | u16 len | evidence )
inline constexpr std::uint8_t delegation_format = 1;

/// Refuses a status the store must not hold: unknown states or reasons, a reason on a state
/// other than stale (or none on stale), evidence over max_evidence_size, more than
/// max_kept_transitions transitions. Invalid, naming what is wrong.
[[nodiscard]] base::Result<void> validate_delegation(const DelegationStatus& status);

/// The checker's part of `status`, whose own fields must validate (its state, the target
/// record's, is not looked at): throws std::invalid_argument if not.
[[nodiscard]] std::vector<std::uint8_t> encode_delegation(const DelegationStatus& status);
/// Fills the checker's part of `status` from stored bytes, leaving state, registered_at and
/// since alone; Internal "malformed delegation record" for bytes encode would not make.
[[nodiscard]] base::Result<void> decode_delegation(std::span<const std::uint8_t> bytes,
                                                   DelegationStatus& status);

} // namespace dcvd::store
