"""bench/report.py: medians over repetitions per server, the ratios dcvd/Knot, dcvd/NSD and
dcvd/bare, and the tables (plain text for the terminal, markdown for bench/RESULTS.md)."""

import json
import statistics

from machine import log

# (key, heading, format) of the columns, in order; a missing value prints as "-".
COLUMNS = (
    ("qps", "qps (<1% loss)", "{:.0f}"),
    ("best_qps", "best qps", "{:.0f}"),
    ("loss_pct", "loss %", "{:.2f}"),
    ("latency_avg_ms", "avg lat ms", "{:.3f}"),
    ("latency_stddev_ms", "lat sd ms", "{:.3f}"),
    ("cpu_us_per_query", "CPU us/query", "{:.2f}"),
    ("rss_mib", "RSS MiB", "{:.0f}"),
    ("pss_mib", "PSS MiB", "{:.0f}"),
    ("load_s", "load s", "{:.2f}"),
    ("startup_s", "start s", "{:.2f}"),
    ("lat_p50_ms", "p50 ms @fixed", "{:.3f}"),
    ("lat_p99_ms", "p99 ms @fixed", "{:.3f}"),
    ("lat_p999_ms", "p99.9 ms @fixed", "{:.3f}"),
    ("write_rate", "API writes/s", "{:.0f}"),
    ("confirmed", "confirmed", "{}"),
)
# (numerator, denominator, label): dcvd over each peer, and dcvd under writes over dcvd.
RATIO_PAIRS = (("dcvd", "knot", "dcvd/Knot"), ("dcvd", "nsd", "dcvd/NSD"),
               ("dcvd", "bare", "dcvd/bare"), ("dcvd-writes", "dcvd", "dcvd-writes/dcvd"))
RATIO_KEYS = (("qps", "qps"), ("best_qps", "best qps"), ("cpu_us_per_query", "CPU/query"),
              ("lat_p99_ms", "p99 @fixed"))


def median_row(reps):
    """Per column, the median of the repetitions that have it; `confirmed` as "k/n"."""
    row = {}
    for key, _, _ in COLUMNS:
        if key == "confirmed":
            row[key] = f"{sum(1 for r in reps if r.get('confirmed'))}/{len(reps)}"
            continue
        values = [r[key] for r in reps if r.get(key) is not None]
        row[key] = statistics.median(values) if values else None
    return row


def ratios(medians):
    """Per RATIO_PAIRS row, (label, ratio per RATIO_KEYS), None where either side is missing."""
    out = []
    for top, bottom, label in RATIO_PAIRS:
        a, b = medians.get(top), medians.get(bottom)
        values = [a[key] / b[key] if a and b and a.get(key) and b.get(key) else None
                  for key, _ in RATIO_KEYS]
        out.append((label, *values))
    return out


def _cell(fmt, value):
    return "-" if value is None else fmt.format(value)


def _rows(medians, order):
    return [[kind] + [_cell(fmt, medians[kind][key]) for key, _, fmt in COLUMNS]
            for kind in order if kind in medians]


def _ratio_rows(medians):
    return [[name] + [_cell("{:.2f}", v) for v in values] for name, *values in ratios(medians)
            if any(v is not None for v in values)]


def plain_table(header, rows):
    """Lines of a right-aligned plain-text table."""
    rows = [header] + rows
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]


def text_table(medians, order):
    header = ["server"] + [h for _, h, _ in COLUMNS]
    lines = plain_table(header, _rows(medians, order))
    lines.append("")
    lines += plain_table(["ratio"] + [h for _, h in RATIO_KEYS], _ratio_rows(medians))
    return "\n".join(lines)


def markdown_table(header, rows):
    """Lines of a markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def markdown(medians, order, context):
    """The medians and ratios as markdown, under the run's context (a list of lines)."""
    lines = list(context) + [""]
    lines += markdown_table(["server"] + [h for _, h, _ in COLUMNS], _rows(medians, order))
    lines += ["", "Ratios of the medians (qps: higher is better for dcvd; CPU per query and p99 "
              "latency at the fixed rate: lower is better for dcvd):", ""]
    lines += markdown_table(["ratio"] + [h for _, h in RATIO_KEYS], _ratio_rows(medians))
    return "\n".join(lines) + "\n"


def write_outputs(markdown_path, text, json_path, payload):
    """Writes the markdown `text` to `markdown_path` ("-": to stdout after a blank line) and
    `payload` as JSON to `json_path`; an empty or None path writes nothing."""
    if markdown_path == "-":
        print("\n" + text, end="")
    elif markdown_path:
        with open(markdown_path, "w", encoding="utf-8") as f:
            f.write(text)
        log(f"markdown written to {markdown_path}")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=1)


# Issue 4's targets: (heading, ratio label, RATIO_KEYS key, bound, higher is better).
TARGETS = (
    ("dcvd/NSD qps >= 1.3", "dcvd/NSD", "qps", 1.3, True),
    ("dcvd/Knot qps >= 1.4", "dcvd/Knot", "qps", 1.4, True),
    ("dcvd/bare qps >= 0.7", "dcvd/bare", "qps", 0.7, True),
    ("p99 @fixed dcvd/NSD <= 1", "dcvd/NSD", "lat_p99_ms", 1.0, False),
    ("dcvd-writes/dcvd qps >= 0.9", "dcvd-writes/dcvd", "qps", 0.9, True),
)


def target_rows(medians_by_config):
    """(header, rows): per configuration each target's ratio and whether it is met."""
    keys = [key for key, _ in RATIO_KEYS]
    header = ["configuration"] + [t[0] for t in TARGETS]
    rows = []
    for name, medians in medians_by_config.items():
        found = {label: dict(zip(keys, values)) for label, *values in ratios(medians)}
        row = [name]
        for _, label, key, bound, higher in TARGETS:
            value = found.get(label, {}).get(key)
            if value is None:
                row.append("-")
                continue
            met = value >= bound if higher else value <= bound
            row.append(f"{value:.2f} {'met' if met else 'MISSED'}")
        rows.append(row)
    return header, rows
