#!/usr/bin/env python3
"""bench/answer_cost.py: the cost of dcvd's answer path alone (no sockets) over a store of N
targets: wall time per query from dcvd_answer_bench's Catch2 benchmark, and instructions per
query counted by callgrind, which a busy machine does not disturb. Also the store's size per
target. See bench/README.md, "The answer path alone"."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import generate
from machine import git_commit, log
import report
import servers

MIXES = ("mixed", "hits")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Cost of dcvd's answer path alone over a store of --targets targets: ns "
        "per query (Catch2 benchmark) and instructions per query (callgrind), per query file, "
        "and the LMDB file's size per target.")
    p.add_argument("--dcvd", required=True, help="dcvd binary (imports the data set)")
    p.add_argument("--bench", required=True, help="dcvd_answer_bench binary")
    p.add_argument("--targets", type=int, default=1_000_000, help="targets (1000000)")
    p.add_argument("--data", help="data set directory, reused if it matches (default: temp)")
    p.add_argument("--count", type=int, default=200_000,
                   help="queries answered under callgrind per query file (200000)")
    p.add_argument("--no-callgrind", action="store_true", help="skip the callgrind count")
    p.add_argument("--no-timing", action="store_true",
                   help="skip the Catch2 timing (callgrind's count does not mind a busy machine)")
    p.add_argument("--top", type=int, default=25,
                   help="functions of the callgrind profile to print (25)")
    p.add_argument("--markdown", help="write the results as markdown to FILE ('-': stdout)")
    p.add_argument("--json", help="write the results as JSON to FILE")
    args = p.parse_args(argv)
    if args.targets < 1 or args.count < 1:
        p.error("--targets and --count must be positive")
    for option in ("dcvd", "bench"):
        path = shutil.which(getattr(args, option))
        if path is None:
            p.error(f"--{option}: {getattr(args, option)} not found or not executable")
        setattr(args, option, os.path.abspath(path))
    return args


def bench_command(bench, manifest, store_dir, files):
    cmd = [bench, "--store", store_dir, "--apex", manifest["apex"],
           "--zone", os.path.join(manifest["dir"], manifest["files"]["static_zone"])]
    for f in files:
        cmd += ["--queries", f]
    return cmd


def catch2_ns_per_query(cmd, batch, workdir):
    """Runs the Catch2 benchmark; {query file: mean ns per query} from its XML report."""
    out = os.path.join(workdir, "catch2.xml")
    done = subprocess.run(cmd + ["-r", "xml", "-o", out], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"answer_cost: {' '.join(cmd)} failed ({done.returncode}):\n"
                         f"{(done.stdout + done.stderr)[-2000:]}")
    log(done.stdout.strip())
    results = {}
    for node in ElementTree.parse(out).iter("BenchmarkResults"):
        name = node.get("name").removeprefix("one query, ")
        mean = node.find("mean")
        results[name] = {"ns_per_query": float(mean.get("value")) / batch,
                         "ns_low": float(mean.get("lowerBound")) / batch,
                         "ns_high": float(mean.get("upperBound")) / batch}
    return results


def callgrind(cmd, count, workdir, top):
    """Instructions per query of answer_queries() and the profile's top functions."""
    out = os.path.join(workdir, "callgrind.out")
    full = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            "--collect-atstart=no", "--toggle-collect=answer_queries"] + cmd + \
        ["--count", str(count)]
    done = subprocess.run(full, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"answer_cost: callgrind failed ({done.returncode}):\n"
                         f"{done.stderr[-2000:]}")
    with open(out, encoding="utf-8") as f:
        totals = re.search(r"^(?:totals|summary):\s+(\d+)", f.read(), re.MULTILINE)
    if totals is None:
        raise SystemExit(f"answer_cost: no totals in {out}")
    annotate = subprocess.run(["callgrind_annotate", "--threshold=100", out],
                              capture_output=True, text=True, check=False).stdout
    rows = [line for line in annotate.splitlines() if re.match(r"^\s*[\d,]+ \(", line)]
    return int(totals.group(1)) / count, rows[:top]


def main(argv):
    args = parse_args(argv)
    for tool in ("valgrind", "callgrind_annotate") if not args.no_callgrind else ():
        if shutil.which(tool) is None:
            raise SystemExit(f"answer_cost: {tool} not found; install valgrind")
    data_dir = args.data or tempfile.mkdtemp(prefix="dcvd-bench-data-")
    workdir = tempfile.mkdtemp(prefix="dcvd-answer-cost-")
    try:
        os.makedirs(data_dir, exist_ok=True)
        manifest = generate.load_or_generate(data_dir, args.targets)
        config = os.path.join(workdir, "dcvd.toml")
        store_dir = os.path.join(workdir, "var")
        servers.write_dcvd_config(config, manifest, 0, 1, store_dir)
        load_s = servers.dcvd_import(args.dcvd, config, manifest, workdir)
        store_bytes = os.path.getsize(os.path.join(store_dir, "data.mdb"))
        log(f"imported {manifest['values']} values in {load_s:.1f} s; data.mdb "
            f"{store_bytes} octets, {store_bytes / manifest['targets']:.0f} per target")
        files = [os.path.join(data_dir, manifest["files"]["queries_" + m]) for m in MIXES]
        cmd = bench_command(args.bench, manifest, store_dir, files)
        timing = {} if args.no_timing else catch2_ns_per_query(cmd, 64, workdir)
        results = {}
        profile = {}
        for mix, path in zip(MIXES, files):
            results[mix] = dict(timing.get(path, {}))
            if not args.no_callgrind:
                log(f"callgrind: {args.count} queries of {mix}")
                per_query, rows = callgrind(bench_command(args.bench, manifest, store_dir,
                                                          [path]), args.count, workdir, args.top)
                results[mix]["instructions_per_query"] = per_query
                profile[mix] = rows
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.data:
            shutil.rmtree(data_dir, ignore_errors=True)

    header = ["query file", "ns/query (Catch2 mean)", "95% CI", "instructions/query (callgrind)"]
    rows = [[mix, f"{r['ns_per_query']:.0f}" if "ns_per_query" in r else "-",
             f"{r['ns_low']:.0f}–{r['ns_high']:.0f}" if "ns_low" in r else "-",
             f"{r['instructions_per_query']:,.0f}" if "instructions_per_query" in r else "-"]
            for mix, r in results.items()]
    context = [f"- commit {git_commit()}; {manifest['targets']} targets, {manifest['values']} "
               f"values; store {store_bytes} octets ({store_bytes / manifest['targets']:.0f} "
               f"per target, import {load_s:.1f} s)",
               "- answers in batches of 64 through the worker's BatchContext (renewal and "
               f"counters included); callgrind over {args.count} queries per file"]
    print("\n".join(report.plain_table(header, rows)))
    text = "\n".join(context + [""] + report.markdown_table(header, rows)) + "\n"
    for mix, lines in profile.items():
        print(f"\ncallgrind, {mix}: instructions by function (self), top {args.top}")
        print("\n".join(lines))
    report.write_outputs(args.markdown, text, args.json,
                         {"context": context, "results": results, "profile": profile,
                          "store_bytes": store_bytes, "targets": manifest["targets"]})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
