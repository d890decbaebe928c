// cli/text_output.hpp: how the CLI prints stored values for operators.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "dcvd/store/delegation_status.hpp"
#include "dcvd/store/target_record.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::cli {

/// Prints records as tab-separated lines under a header:
/// host, target, value, ttl, expires (and "expired" for values no longer served).
class ValueTable {
public:
    ValueTable(std::ostream& out, const wire::Name& apex, std::uint64_t now);
    void add(const store::TargetRecord& record);

private:
    std::ostream& out_;
    const wire::Name& apex_;
    std::uint64_t now_;
    bool header_written_ = false;
};

/// What the checker knows of a delegation, as "key<TAB>value" lines: reason (when stale), last
/// and next check, the last check's evidence, the move in progress, then one "transition" line
/// each (time, from -> to, reason, evidence), oldest first.
void print_check(std::ostream& out, const store::DelegationStatus& status);

} // namespace dcvd::cli
