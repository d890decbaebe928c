// metrics/text.cpp: the exposition format's lines and escapes (Prometheus "Exposition formats",
// text format 0.0.4).
#include "dcvd/metrics/text.hpp"

#include <cassert>
#include <cmath>

#include <fmt/format.h>

namespace dcvd::metrics {
namespace {

std::string_view type_name(Type type) noexcept {
    switch (type) {
    case Type::Counter:
        return "counter";
    case Type::Gauge:
        return "gauge";
    case Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

// HELP text escapes backslash and newline only; label values also the double quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (quote && c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    append_escaped(out, value, true);
    return out;
}

std::string format_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    return fmt::format("{}", value);
}

void Text::family(std::string_view name, Type type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    append_escaped(out_, help, false);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type_name(type);
    out_ += '\n';
}

void Text::labels(std::initializer_list<Label> labels, std::string_view extra_name,
                  std::string_view extra_value) {
    if (labels.size() == 0 && extra_name.empty()) {
        return;
    }
    out_ += '{';
    bool first = true;
    const auto one = [this, &first](std::string_view name, std::string_view value) {
        if (!first) {
            out_ += ',';
        }
        first = false;
        out_ += name;
        out_ += "=\"";
        append_escaped(out_, value, true);
        out_ += '"';
    };
    for (const Label& label : labels) {
        one(label.name, label.value);
    }
    if (!extra_name.empty()) {
        one(extra_name, extra_value);
    }
    out_ += '}';
}

void Text::sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value) {
    out_ += name;
    this->labels(labels);
    out_ += ' ';
    out_ += fmt::format("{}", value);
    out_ += '\n';
}

void Text::sample(std::string_view name, std::initializer_list<Label> labels, double value) {
    out_ += name;
    this->labels(labels);
    out_ += ' ';
    out_ += format_value(value);
    out_ += '\n';
}

void Text::counter(std::string_view name, std::string_view help, std::uint64_t value) {
    family(name, Type::Counter, help);
    sample(name, {}, value);
}

void Text::gauge(std::string_view name, std::string_view help, double value) {
    family(name, Type::Gauge, help);
    sample(name, {}, value);
}

void Text::histogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                     std::span<const std::uint64_t> counts, double sum) {
    assert(counts.size() == bounds.size() + 1);
    family(name, Type::Histogram, help);
    const std::string bucket = fmt::format("{}_bucket", name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        const std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
        out_ += bucket;
        labels({}, "le", le);
        out_ += fmt::format(" {}\n", cumulative);
    }
    out_ += fmt::format("{}_sum {}\n{}_count {}\n", name, format_value(sum), name, cumulative);
}

} // namespace dcvd::metrics
