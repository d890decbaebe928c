// metrics/text.hpp: a writer of the Prometheus text exposition format (version 0.0.4): one
// family at a time, its HELP and TYPE lines, then its samples with escaped label values.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace dcvd::metrics {

/// The Content-Type of a scrape's answer.
inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

enum class Type : std::uint8_t { Counter, Gauge, Histogram };

struct Label {
    std::string_view name;  ///< ours, [a-zA-Z_][a-zA-Z0-9_]*: not escaped
    std::string_view value; ///< any text: escaped
};

/// Builds one scrape's body. Names are ours (not checked); a family's samples follow its
/// family() call. Not thread-safe: one per scrape.
class Text {
public:
    /// Starts family `name`: "# HELP name help" (help escaped) and "# TYPE name type".
    void family(std::string_view name, Type type, std::string_view help);
    /// A sample line "name{labels} value" of the current family (for a counter, name ends in
    /// _total; for a histogram, see histogram()).
    void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value);
    void sample(std::string_view name, std::initializer_list<Label> labels, double value);

    /// A family with a single unlabelled sample.
    void counter(std::string_view name, std::string_view help, std::uint64_t value);
    void gauge(std::string_view name, std::string_view help, double value);

    /// A histogram family: `counts[i]` observations fell in (bounds[i-1], bounds[i]], the last
    /// one (counts.size() == bounds.size() + 1) above the last bound. Written cumulatively as
    /// name_bucket{le=...}, ending with le="+Inf", then name_sum and name_count.
    void histogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                   std::span<const std::uint64_t> counts, double sum);

    [[nodiscard]] const std::string& str() const noexcept { return out_; }
    [[nodiscard]] std::string take() noexcept { return std::move(out_); }

private:
    void labels(std::initializer_list<Label> labels, std::string_view extra_name = {},
                std::string_view extra_value = {});
    std::string out_;
};

/// A label value escaped as the format asks: backslash, double quote and newline.
[[nodiscard]] std::string escape_label_value(std::string_view value);

/// A sample value as the format writes it: shortest round-trip decimal, "+Inf", "-Inf", "NaN".
[[nodiscard]] std::string format_value(double value);

} // namespace dcvd::metrics
