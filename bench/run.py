#!/usr/bin/env python3
"""bench/run.py: the dnsperf comparison of dcvd against Knot and NSD, with the bare responder
as the ceiling. Servers run one at a time, alternately, --reps times; for each, the highest
dnsperf rate with under 1% loss, CPU per query, memory and start-up time; medians and ratios
are printed as a table and, with --markdown, as markdown. See bench/README.md."""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import churn
import generate
import kernel_buffers
from machine import compiler_of, cpu_model, first_line, git_commit, loadavg, log
import loadgen
import proctree
import report
import servers

ALL_KINDS = ("dcvd", "knot", "nsd", "bare", "dcvd-writes")
KINDS = dict(servers.KINDS, **{"dcvd-writes": churn.DcvdWrites})


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Benchmark dcvd against Knot and NSD (and the bare responder, the ceiling) "
        "with dnsperf on loopback: per server the highest rate with under 1% loss, server CPU "
        "per query, memory, load and start-up times; medians over --reps alternating runs.")
    p.add_argument("--dcvd", help="dcvd binary (leave out to skip dcvd)")
    p.add_argument("--bare", help="dcvd_bare_responder binary (leave out to skip the ceiling)")
    p.add_argument("--knotd", default="knotd", help="knotd binary (knotd from PATH)")
    p.add_argument("--nsd", default="nsd", help="nsd binary (nsd from PATH)")
    p.add_argument("--dnsperf", default="dnsperf", help="dnsperf binary (dnsperf from PATH)")
    p.add_argument("--dig", default="dig", help="dig (or kdig) used to wait for answers")
    p.add_argument("--servers", help="comma-separated subset of dcvd,knot,nsd,bare,dcvd-writes "
                   "(default: knot, nsd, and dcvd, bare, dcvd-writes when their binaries are "
                   "given)")
    p.add_argument("--latency-load", help="dcvd_latency_load binary: adds a fixed-rate run "
                   "per server for latency percentiles and a check of every answer")
    p.add_argument("--latency-rate", type=int, default=20000,
                   help="queries per second of the latency run (20000)")
    p.add_argument("--write-load", help="dcvd_write_load binary: adds dcvd-writes, dcvd "
                   "measured while its API adds and removes values (needs --dcvd)")
    p.add_argument("--write-rate", type=int, default=2000,
                   help="API operations per second of dcvd-writes: half adds, half removes "
                   "(2000)")
    p.add_argument("--targets", help="targets in the data set, or a comma-separated list of sizes "
                   "to run one after the other (100000; --quick: 10000)")
    p.add_argument("--reps", type=int, help="repetitions, servers alternating (3; --quick: 1)")
    p.add_argument("--duration", type=int, help="dnsperf -l seconds per run (10; --quick: 3)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 1 repetition, 3 s runs, 10000 targets, coarse search")
    p.add_argument("--mix", default="mixed",
                   help="query file: mixed (85%% TXT hits, 10%% NXDOMAIN, 5%% apex SOA/NS; "
                   "default) or hits (TXT hits only), or both comma-separated")
    p.add_argument("--workers", type=int, default=2, help="workers per server (2)")
    p.add_argument("--threads", type=int, default=2, help="dnsperf -T (2)")
    p.add_argument("--clients", type=int, default=64, help="dnsperf -c (64)")
    p.add_argument("--outstanding", type=int, default=2000,
                   help="dnsperf -q: queries in flight at most (2000; dnsperf's own default of "
                   "100 caps qps at 100 / latency, so that it measures latency, not capacity)")
    p.add_argument("--timeout", type=int, default=5,
                   help="dnsperf -t: seconds before a query counts as lost (5)")
    p.add_argument("--buffer-bytes", type=int, default=4 << 20,
                   help="UDP socket buffers for NSD and the bare responder (4 MiB; dcvd uses "
                   "its own default, also 4 MiB; Knot has no such option)")
    p.add_argument("--kernel-buffer-default", type=int, default=8 << 20,
                   help="net.core.rmem_default and wmem_default for the run, restored after it "
                   "(8 MiB: what the others' 4 MiB requests become, so that Knot, which has no "
                   "buffer option, gets the same; 0 leaves the kernel's defaults alone)")
    p.add_argument("--start-timeout", type=float, default=300,
                   help="seconds a server may take to answer correctly after start (300)")
    p.add_argument("--data", help="data set directory, reused if it matches, else generated "
                   "there; with several --targets, one subdirectory per size (default: a temp "
                   "dir, removed afterwards)")
    p.add_argument("--markdown", help="write the markdown table to FILE ('-': stdout)")
    p.add_argument("--json", help="write every run's numbers to FILE")
    p.add_argument("--keep", action="store_true", help="keep the servers' temp dirs")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(t) for t in (args.targets or ("10000" if args.quick else "100000"))
                      .split(",")]
    except ValueError:
        p.error("--targets takes numbers, comma-separated")
    args.mixes = [m.strip() for m in args.mix.split(",") if m.strip()]
    if not args.mixes or any(m not in ("mixed", "hits") for m in args.mixes):
        p.error("--mix takes mixed, hits or mixed,hits")
    args.reps = args.reps or (1 if args.quick else 3)
    args.duration = args.duration or (3 if args.quick else 10)
    if args.servers:
        args.kinds = [k.strip() for k in args.servers.split(",") if k.strip()]
        unknown = [k for k in args.kinds if k not in ALL_KINDS]
        if unknown:
            p.error(f"--servers: unknown {', '.join(unknown)}; choose from {','.join(ALL_KINDS)}")
    else:
        args.kinds = [k for k in ALL_KINDS
                      if (k != "dcvd" or args.dcvd) and (k != "bare" or args.bare)
                      and (k != "dcvd-writes" or (args.dcvd and args.write_load))]
    for kind, option, path in (("dcvd", "dcvd", args.dcvd), ("bare", "bare", args.bare),
                               ("dcvd-writes", "dcvd", args.dcvd),
                               ("dcvd-writes", "write-load", args.write_load)):
        if kind in args.kinds and not path:
            p.error(f"--servers includes {kind} but --{option} PATH is not given")
    if args.reps < 1 or args.duration < 1 or args.workers < 1 or min(args.sizes) < 1:
        p.error("--reps, --duration, --workers and --targets must be positive")
    return args


def check_binaries(args):
    """Every binary the run needs, resolved; a missing one is a clear error before any work."""
    wanted = {"dnsperf": args.dnsperf, "dig": args.dig}
    names = {"dcvd": args.dcvd, "knot": args.knotd, "nsd": args.nsd, "bare": args.bare,
             "dcvd-writes": args.dcvd}
    wanted.update({kind: names[kind] for kind in args.kinds})
    if args.latency_load:
        wanted["latency_load"] = args.latency_load
    if "dcvd-writes" in args.kinds:
        wanted["write_load"] = args.write_load
    hints = {
        "dcvd": "build it (cmake --build <build> --target dcvd) or leave it out with "
                "--servers knot,nsd,bare",
        "bare": "build it (cmake --build <build> --target dcvd_bare_responder)",
        "latency_load": "build it (cmake --build <build> --target dcvd_latency_load)",
        "write_load": "build it (cmake --build <build> --target dcvd_write_load)",
    }
    resolved, problems = {}, []
    for what, path in wanted.items():
        found = shutil.which(path)
        if found is None:
            hint = hints.get(what, "install it: deploy/install-deps.sh")
            problems.append(f"{what}: {path} not found or not executable; {hint}")
        else:
            resolved[what] = os.path.abspath(found)
    if problems:
        raise SystemExit("run.py: " + "\nrun.py: ".join(problems))
    return resolved


def udp_rcvbuf_kib(port):
    """Receive buffer of the UDP sockets bound to `port`, from ss (None without iproute2)."""
    ss = shutil.which("ss")
    if ss is None:
        return None
    out = subprocess.run([ss, "-uanmH", f"sport = :{port}"], capture_output=True, text=True,
                         check=False).stdout
    sizes = [int(v) for v in re.findall(r"\brb(\d+)", out)]
    return min(sizes) / 1024 if sizes else None


def context_lines(args, bins, manifest, mix, started, load_before):
    versions = {
        "knotd": first_line([bins["knot"], "--version"]) if "knot" in bins else None,
        "nsd": first_line([bins["nsd"], "-v"]) if "nsd" in bins else None,
        "dnsperf": first_line([bins["dnsperf"], "-h"]),
    }
    compilers = {k: compiler_of(bins[k]) for k in ("dcvd", "bare") if k in bins}
    lines = [
        f"- date: {started.strftime('%Y-%m-%d %H:%M UTC')}; commit {git_commit()}",
        f"- machine: {os.cpu_count()} CPUs, {cpu_model()}, kernel {platform.release()}",
        f"- load average before/after the run: {load_before} / {loadavg()}",
        "- versions: " + "; ".join(f"{k} {v}" for k, v in versions.items() if v),
        "- compiler: " + ("; ".join(f"{k}: {v}" for k, v in compilers.items()) or "-"),
        f"- command: `{' '.join(shlex.quote(a) for a in sys.argv)}`",
        f"- data set: {manifest['targets']} targets, {manifest['values']} TXT values, apex "
        f"`{manifest['apex']}`; query file `{manifest['files']['queries_' + mix]}` ({mix})",
        f"- dnsperf -T {args.threads} -c {args.clients} -l {args.duration} -t {args.timeout} "
        f"-q {args.outstanding}, "
        f"-Q searched for the highest rate with < 1% loss, confirmed once; {args.workers} "
        f"workers per server; {args.reps} repetition(s), servers alternating; medians shown",
        "- qps: answers per second of the confirming run; CPU us/query: server utime+stime "
        "(all threads and processes) over that run / answers; RSS and PSS summed over the "
        "server's processes after it; load s: dcvd's `txt import`; start s: start until the "
        "first correct answer",
    ]
    return lines


def latency_run(bins, args, server, queries):
    """dcvd_latency_load at --latency-rate for --duration seconds: percentiles and checks."""
    cmd = [bins["latency_load"], "--connect", f"127.0.0.1:{server.port}", "--queries", queries,
           "--rate", str(args.latency_rate), "--duration", str(args.duration)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"dcvd_latency_load failed ({done.returncode}): {done.stderr[-500:]}")
    return json.loads(done.stdout)


def record_latency(rec, result, prefix):
    """The latency run's numbers in `rec` under `prefix`, with a warning on bad answers."""
    sent = result["sent"] or 1
    rec.update({f"{prefix}p50_ms": result["p50_us"] / 1e3, f"{prefix}p99_ms": result["p99_us"] / 1e3,
                f"{prefix}p999_ms": result["p999_us"] / 1e3,
                f"{prefix}loss_pct": result["lost"] * 100 / sent,
                f"{prefix}checked": result["answered"], f"{prefix}malformed": result["malformed"]})
    if result["malformed"]:
        rec["warning"] = (f"{result['malformed']} malformed answers at {prefix or 'latency'} "
                          f"run, first: {result['first_malformed']}")
        log(f"{rec['kind']}: WARNING {rec['warning']}")


def measure(server, lg, plan, manifest, mix, args, bins):
    """One repetition of one server: start, search the rate, run the latency check, read
    memory, check rcodes. dcvd-writes runs its write load over all of it."""
    timings = server.start()
    log(f"{server.kind}: up on port {server.port} after {timings['startup_s']:.2f} s"
        + (f" (load {timings['load_s']:.2f} s)" if "load_s" in timings else ""))
    writes = hasattr(server, "start_writes")
    if writes:
        server.start_writes(bins["write_load"])
    rcvbuf = udp_rcvbuf_kib(server.port)
    result = loadgen.search(
        lambda rate: lg.run(server.port, rate, lambda: proctree.cpu_seconds(server.pids())),
        plan, lambda line: log(f"{server.kind}: {line}"))
    rss, pss = proctree.memory_mib(server.pids())
    rec = {"kind": server.kind, "confirmed": result.confirmed, "rss_mib": rss, "pss_mib": pss,
           "rcvbuf_kib": rcvbuf, "steps": [vars(s) | {"loss": s.loss} for s in result.steps],
           "best_qps": max((s.qps for s in result.steps if s.loss < loadgen.MAX_LOSS),
                           default=None),
           **timings}
    if "latency_load" in bins:
        record_latency(rec, latency_run(bins, args, server, lg.queries), "lat_")
        log(f"{server.kind}: at {args.latency_rate} qps p50 {rec['lat_p50_ms']:.3f} ms, "
            f"p99 {rec['lat_p99_ms']:.3f} ms, loss {rec['lat_loss_pct']:.2f}%")
        if writes:
            queries = churn.churn_queries(manifest, churn.churn_hosts(manifest),
                                          os.path.join(server.dir, "churn-queries.txt"))
            record_latency(rec, latency_run(bins, args, server, queries), "churn_")
            log(f"{server.kind}: {rec['churn_checked']} answers for churned names checked, "
                f"{rec['churn_malformed']} malformed")
    if writes:
        rec.update(server.stop_writes())
        log(f"{server.kind}: {rec['writes_acked']} writes acknowledged "
            f"({rec['write_rate']:.0f}/s), {rec['writes_failed']} failed")
    run = result.final
    if run is None:
        rec["error"] = "no rate with < 1% loss"
        return rec
    rec.update(qps=run.qps, loss_pct=run.loss * 100, rate=run.rate,
               cpu_us_per_query=run.cpu_us_per_query, rcodes=run.rcodes,
               latency_avg_ms=None if run.latency_avg_s is None else run.latency_avg_s * 1e3,
               latency_stddev_ms=None if run.latency_stddev_s is None
               else run.latency_stddev_s * 1e3)
    if server.answers_zone:
        answered = sum(run.rcodes.values()) or 1
        nx_share = run.rcodes.get("NXDOMAIN", 0) / answered
        want = manifest["mixed_share"]["NXDOMAIN"] if mix == "mixed" else 0.0
        other = answered - run.rcodes.get("NOERROR", 0) - run.rcodes.get("NXDOMAIN", 0)
        if abs(nx_share - want) > 0.02 or other:
            rec["warning"] = f"response codes {run.rcodes} differ from the query mix"
            log(f"{server.kind}: WARNING {rec['warning']}")
    return rec


def run_all(args, bins, manifest, mix):
    tools = {"dig": bins["dig"], "start_timeout": args.start_timeout,
             "buffer_bytes": args.buffer_bytes, "write_rate": args.write_rate}
    lg = loadgen.Loadgen(bins["dnsperf"],
                         os.path.join(manifest["dir"], manifest["files"]["queries_" + mix]),
                         args.threads, args.clients, args.duration, args.timeout,
                         args.outstanding)
    plan = (loadgen.SearchPlan(tolerance=0.10, max_bisections=1) if args.quick
            else loadgen.SearchPlan())
    records = []
    failed = set()
    for rep in range(args.reps):
        kinds = [k for k in args.kinds if k not in failed]
        order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)] if kinds else []
        log(f"repetition {rep + 1}/{args.reps}: {', '.join(order)}")
        for kind in order:
            server = KINDS[kind](bins[kind], manifest, args.workers, tools, args.keep)
            try:
                rec = measure(server, lg, plan, manifest, mix, args, bins)
            except (servers.ServerError, RuntimeError) as e:
                log(f"{kind}: FAILED: {e}")
                rec = {"kind": kind, "error": str(e).splitlines()[0]}
                failed.add(kind)
            finally:
                server.stop()
            rec["rep"] = rep + 1
            records.append(rec)
            if "qps" in rec:
                log(f"{kind}: {rec['qps']:.0f} qps, loss {rec['loss_pct']:.2f}%, "
                    f"{rec['cpu_us_per_query'] or 0:.2f} us/query, RSS {rec['rss_mib']:.0f} MiB")
    return records


def interrupt(signum, frame):
    """SIGTERM unwinds like Ctrl-C, so that every server is stopped and temp dirs go."""
    raise KeyboardInterrupt


def summarize(args, bins, manifest, mix, records, started, load_before, began):
    """Medians, the context lines and the markdown of one configuration."""
    medians = {}
    for kind in args.kinds:
        reps = [r for r in records if r["kind"] == kind and "qps" in r]
        if reps:
            medians[kind] = report.median_row(reps)
    context = context_lines(args, bins, manifest, mix, started, load_before)
    context.append(f"- wall time of this configuration: {time.monotonic() - began:.0f} s")
    errors = [f"- {r['kind']} (repetition {r['rep']}): {r['error']}" for r in records
              if "error" in r]
    warnings = [f"- {r['kind']} (repetition {r['rep']}): {r['warning']}" for r in records
                if "warning" in r]
    rcvbufs = sorted({(r["kind"], r["rcvbuf_kib"]) for r in records if r.get("rcvbuf_kib")})
    if rcvbufs:
        context.append("- UDP receive buffer as the kernel reports it (ss): "
                       + ", ".join(f"{k} {v:.0f} KiB" for k, v in rcvbufs))
    notes = (["", "Failures:"] + errors if errors else []) + \
            (["", "Warnings:"] + warnings if warnings else [])
    print(report.text_table(medians, args.kinds))
    for line in notes:
        print(line)
    text = report.markdown(medians, args.kinds, context) + "\n".join(notes) + \
        ("\n" if notes else "")
    return {"medians": medians, "context": context, "records": records, "text": text,
            "errors": errors}


def run_sizes(args, bins):
    """Every configuration, in order: {name: summary}, or None when interrupted."""
    results = {}
    for size in args.sizes:
        if args.data:
            data_dir = args.data if len(args.sizes) == 1 else os.path.join(args.data, str(size))
        else:
            data_dir = tempfile.mkdtemp(prefix="dcvd-bench-data-")
        try:
            os.makedirs(data_dir, exist_ok=True)
            manifest = generate.load_or_generate(data_dir, size)
            for mix in args.mixes:
                name = f"{size} targets, {mix}"
                log(f"configuration: {name}")
                started = datetime.datetime.now(datetime.timezone.utc)
                load_before = loadavg()
                began = time.monotonic()
                records = run_all(args, bins, manifest, mix)
                print(f"\n{name}")
                results[name] = summarize(args, bins, manifest, mix, records, started,
                                          load_before, began)
        except KeyboardInterrupt:
            log("interrupted; servers stopped")
            return None
        finally:
            if not args.data:
                shutil.rmtree(data_dir, ignore_errors=True)
    return results


def main(argv):
    args = parse_args(argv)
    bins = check_binaries(args)
    signal.signal(signal.SIGTERM, interrupt)
    with kernel_buffers.raised_defaults(args.kernel_buffer_default):
        results = run_sizes(args, bins)
    if results is None:
        return 130

    header, rows = report.target_rows({name: r["medians"] for name, r in results.items()})
    print("\nagainst the targets of issue 4:")
    print("\n".join(report.plain_table(header, rows)))
    text = "\n".join(f"#### {name}\n\n{r['text']}" for name, r in results.items())
    text += "\n#### Against the targets\n\n" + "\n".join(report.markdown_table(header, rows)) + "\n"
    report.write_outputs(args.markdown, text, args.json,
                         {name: {k: r[k] for k in ("context", "records", "medians")}
                          for name, r in results.items()})
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
