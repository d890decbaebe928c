"""bench/report.py: medians over repetitions per server, the ratios dcvd/Knot, dcvd/NSD and
dcvd/bare, and the tables (plain text for the terminal, markdown for bench/RESULTS.md)."""

import json
import statistics

from machine import log

# (key, heading, format) of the columns, in order; a missing value prints as "-".
COLUMNS = (
    ("qps", "qps (<1% loss)", "{:.0f}"),
    ("loss_pct", "loss %", "{:.2f}"),
    ("latency_avg_ms", "avg lat ms", "{:.3f}"),
    ("latency_stddev_ms", "lat sd ms", "{:.3f}"),
    ("cpu_us_per_query", "CPU us/query", "{:.2f}"),
    ("rss_mib", "RSS MiB", "{:.0f}"),
    ("pss_mib", "PSS MiB", "{:.0f}"),
    ("load_s", "load s", "{:.2f}"),
    ("startup_s", "start s", "{:.2f}"),
    ("confirmed", "confirmed", "{}"),
)
RATIO_BASES = (("knot", "Knot"), ("nsd", "NSD"), ("bare", "bare"))


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
    """dcvd's qps and CPU per query over each other server's (None where either is missing)."""
    out = []
    dcvd = medians.get("dcvd")
    for kind, label in RATIO_BASES:
        other = medians.get(kind)
        qps = cpu = None
        if dcvd and other:
            if dcvd["qps"] and other["qps"]:
                qps = dcvd["qps"] / other["qps"]
            if dcvd["cpu_us_per_query"] and other["cpu_us_per_query"]:
                cpu = dcvd["cpu_us_per_query"] / other["cpu_us_per_query"]
        out.append((f"dcvd/{label}", qps, cpu))
    return out


def _cell(fmt, value):
    return "-" if value is None else fmt.format(value)


def _rows(medians, order):
    return [[kind] + [_cell(fmt, medians[kind][key]) for key, _, fmt in COLUMNS]
            for kind in order if kind in medians]


def _ratio_rows(medians):
    return [[name, _cell("{:.2f}", qps), _cell("{:.2f}", cpu)]
            for name, qps, cpu in ratios(medians)]


def plain_table(header, rows):
    """Lines of a right-aligned plain-text table."""
    rows = [header] + rows
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]


def text_table(medians, order):
    header = ["server"] + [h for _, h, _ in COLUMNS]
    lines = plain_table(header, _rows(medians, order))
    lines.append("")
    lines.append("ratio          qps    CPU/query")
    for name, qps, cpu in _ratio_rows(medians):
        lines.append(f"{name:<12} {qps:>5}    {cpu:>9}")
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
    lines += ["", "Ratios of the medians (qps: higher is better for dcvd; CPU per query: lower "
              "is better for dcvd):", ""]
    lines += markdown_table(["ratio", "qps", "CPU/query"], _ratio_rows(medians))
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
