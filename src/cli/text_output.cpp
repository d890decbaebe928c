// cli/text_output.cpp: operator-facing formatting of times and values.
#include "text_output.hpp"

#include <fmt/format.h>

#include "dcvd/base/clock.hpp"
#include "dcvd/naming/target.hpp"

namespace dcvd::cli {

ValueTable::ValueTable(std::ostream& out, const wire::Name& apex, std::uint64_t now)
    : out_(out), apex_(apex), now_(now) {}

void ValueTable::add(const store::TargetRecord& record) {
    if (!header_written_) {
        out_ << "# host\ttarget\tvalue\tttl\texpires\n";
        header_written_ = true;
    }
    const auto target = naming::target_for(record.host, apex_);
    const std::string target_text = target ? target->name.to_text() : "(invalid host)";
    if (record.values.empty()) {
        out_ << fmt::format("{}\t{}\t-\t-\t-\n", record.host, target_text);
    }
    for (const auto& value : record.values) {
        const bool expired = value.expires_at <= now_;
        out_ << fmt::format("{}\t{}\t{}\t{}\t{}{}\n", record.host, target_text, value.text,
                            value.ttl, base::format_time(value.expires_at),
                            expired ? " expired" : "");
    }
}

} // namespace dcvd::cli
