// cli/text_output.cpp: operator-facing formatting of times and values.
#include "text_output.hpp"

#include <ctime>

#include <fmt/format.h>

#include "dcvd/naming/target.hpp"

namespace dcvd::cli {

std::string format_time(std::uint64_t unix_seconds) {
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

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
                            value.ttl, format_time(value.expires_at), expired ? " expired" : "");
    }
}

} // namespace dcvd::cli
