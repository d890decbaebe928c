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

void print_check(std::ostream& out, const store::DelegationStatus& status) {
    const auto time = [](std::uint64_t at) {
        return at == 0 ? std::string("never") : base::format_time(at);
    };
    if (status.reason != store::StaleReason::None) {
        out << "reason\t" << store::to_text(status.reason) << '\n';
    }
    out << "last_check\t" << time(status.last_check) << '\n'
        << "next_check\t" << time(status.next_check) << '\n';
    if (!status.evidence.empty()) {
        out << "evidence\t" << status.evidence << '\n';
    }
    if (const auto& moving = status.candidate) {
        out << fmt::format("candidate\t{}{}{} ({} agreeing check(s) since {})\n",
                           store::to_text(moving->state),
                           moving->reason == store::StaleReason::None ? "" : " ",
                           store::to_text(moving->reason), moving->checks, time(moving->first_at));
    }
    for (const auto& moved : status.transitions) {
        out << fmt::format("transition\t{}\t{} -> {}\t{}\t{}\n", base::format_time(moved.at),
                           store::to_text(moved.from), store::to_text(moved.to),
                           moved.reason == store::StaleReason::None ? "-"
                                                                    : store::to_text(moved.reason),
                           moved.evidence);
    }
}

} // namespace dcvd::cli
