// cli/txt_import.cpp: parses the import format line by line and commits it in large batches.
#include "txt_import.hpp"

#include <algorithm>
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

namespace {

// Every line of the file, parsed; the first bad one stops the import before anything is written.
base::Result<std::vector<store::PutValue>> parse_all(std::istream& in, const std::string& name,
                                                     const ImportSettings& settings) {
    const auto now = base::unix_now();
    std::vector<store::PutValue> values;
    std::size_t line_number = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto value = parse_import_line(line, settings, now);
        if (!value) {
            return base::unexpected(value.error().code,
                                    fmt::format("{}:{}: {} (nothing was imported)", name,
                                                line_number, value.error().message));
        }
        values.push_back(std::move(*value));
    }
    if (in.bad()) {
        return base::unexpected(base::ErrorCode::Unavailable,
                                fmt::format("read error on {} (nothing was imported)", name));
    }
    return values;
}

} // namespace

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
    const std::string name = path == "-" ? "<stdin>" : path;
    auto values = parse_all(path == "-" ? std::cin : file, name, settings);
    if (!values) {
        return base::unexpected(std::move(values).error());
    }
    // In key order the store appends (store/lmdb.hpp, put_new): pages come out full and each
    // transaction copies only the right edge of the tree. Stable, so a host's values keep the
    // file's order.
    std::ranges::stable_sort(*values, {}, &store::PutValue::key);

    ImportReport report;
    for (std::size_t first = 0; first < values->size(); first += settings.batch_lines) {
        const std::size_t last = std::min(values->size(), first + settings.batch_lines);
        std::vector<store::WriteOp> batch;
        batch.reserve(last - first);
        for (std::size_t i = first; i < last; ++i) {
            batch.emplace_back(std::move((*values)[i]));
        }
        auto serial = writer.apply_all(std::move(batch));
        if (!serial) {
            return base::unexpected(
                serial.error().code,
                fmt::format("{}: {} (none of the {} values of this transaction were applied; the "
                            "{} of earlier transactions were)",
                            name, serial.error().message, last - first, report.values));
        }
        report.values += last - first;
        ++report.batches;
        report.serial = *serial;
    }
    return report;
}

} // namespace dcvd::cli
