// cli/txt_import.cpp: parses the import format line by line and commits it in large batches.
#include "txt_import.hpp"

#include <charconv>
#include <fstream>
#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "dcvd/base/clock.hpp"
#include "dcvd/naming/challenge_value.hpp"
#include "dcvd/naming/target.hpp"

namespace dcvd::cli {

base::Result<store::PutValue> parse_import_line(std::string_view line,
                                                const ImportSettings& settings, std::uint64_t now) {
    const auto first_tab = line.find('\t');
    if (first_tab == std::string_view::npos) {
        return base::unexpected(base::ErrorCode::Invalid,
                                "expected HOST<TAB>VALUE[<TAB>TTL], found no tab");
    }
    const std::string_view host = line.substr(0, first_tab);
    std::string_view value = line.substr(first_tab + 1);
    std::int64_t ttl = settings.values.default_ttl;
    if (const auto second_tab = value.find('\t'); second_tab != std::string_view::npos) {
        const std::string_view ttl_text = value.substr(second_tab + 1);
        value = value.substr(0, second_tab);
        const auto parsed =
            std::from_chars(ttl_text.data(), ttl_text.data() + ttl_text.size(), ttl);
        if (parsed.ec != std::errc{} || parsed.ptr != ttl_text.data() + ttl_text.size()) {
            return base::unexpected(
                base::ErrorCode::Invalid,
                fmt::format("TTL '{}' is not a whole number of seconds", ttl_text));
        }
    }
    auto normalized = naming::normalize_host(host, settings.apex);
    if (!normalized) {
        return base::unexpected(std::move(normalized).error());
    }
    auto target = naming::target_for(*normalized, settings.apex);
    if (!target) {
        return base::unexpected(std::move(target).error());
    }
    if (auto valid = naming::validate_value(value); !valid) {
        return base::unexpected(std::move(valid).error());
    }
    if (auto valid = naming::validate_ttl(ttl, settings.values.max_ttl); !valid) {
        return base::unexpected(std::move(valid).error());
    }
    return store::PutValue{std::move(target->host),
                           std::move(target->key),
                           std::string(value),
                           static_cast<std::uint32_t>(ttl),
                           now + settings.lifetime_seconds,
                           now,
                           settings.values.max_values_per_host,
                           true};
}

base::Result<ImportReport> import_values(const std::string& path, const ImportSettings& settings,
                                         store::Writer& writer) {
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) {
            return base::unexpected(base::ErrorCode::Invalid,
                                    fmt::format("cannot open {}: {}", path, std::strerror(errno)));
        }
    }
    std::istream& in = path == "-" ? std::cin : file;
    const std::string name = path == "-" ? "<stdin>" : path;
    const auto now = base::unix_now();

    ImportReport report;
    std::vector<store::WriteOp> batch;
    batch.reserve(settings.batch_lines);
    std::size_t line_number = 0;
    std::size_t batch_first_line = 1;
    auto commit = [&]() -> base::Result<void> {
        if (batch.empty()) {
            return {};
        }
        const std::size_t size = batch.size();
        auto serial = writer.apply_all(std::move(batch));
        batch.clear();
        if (!serial) {
            return base::unexpected(
                serial.error().code,
                fmt::format("{}: lines {}-{}: {} (none of these lines were applied; {} values "
                            "before them were)",
                            name, batch_first_line, line_number, serial.error().message,
                            report.values));
        }
        report.values += size;
        ++report.batches;
        report.serial = *serial;
        batch_first_line = line_number + 1;
        return {};
    };

    std::string line;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto op = parse_import_line(line, settings, now);
        if (!op) {
            return base::unexpected(
                op.error().code,
                fmt::format("{}:{}: {} (the {} values of earlier transactions were applied; none "
                            "from line {} on)",
                            name, line_number, op.error().message, report.values,
                            batch_first_line));
        }
        batch.emplace_back(std::move(*op));
        if (batch.size() >= settings.batch_lines) {
            if (auto committed = commit(); !committed) {
                return base::unexpected(std::move(committed).error());
            }
        }
    }
    if (in.bad()) {
        return base::unexpected(base::ErrorCode::Unavailable,
                                fmt::format("read error on {}", name));
    }
    if (auto committed = commit(); !committed) {
        return base::unexpected(std::move(committed).error());
    }
    return report;
}

} // namespace dcvd::cli
