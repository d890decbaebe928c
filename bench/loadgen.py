"""bench/loadgen.py: dnsperf runs and the rate search. One run sends the query file at a fixed
rate (-Q) or as fast as it can, and we read back dnsperf's statistics plus the server's CPU over
the run; the search finds the highest rate answered with under 1% loss, then confirms it."""

import re
import subprocess
from dataclasses import dataclass, field

MAX_LOSS = 0.01
SUSTAINED = 0.95  # a fixed-rate run passes only if it answered this share of its -Q rate
# dnsperf prints one line per timed-out or unexpected answer unless told not to; at a lossy
# rate that is millions of lines on the client's CPU, which the server shares.
SUPPRESS = "suppress=timeouts,congestion,sendfailed,sockready,unexpected"


@dataclass
class Run:
    rate: int | None  # the -Q rate asked for; None: unlimited
    sent: int = 0
    completed: int = 0
    lost: int = 0
    qps: float = 0.0  # answers received per second (dnsperf's "Queries per second")
    latency_avg_s: float | None = None
    latency_stddev_s: float | None = None
    rcodes: dict = field(default_factory=dict)
    cpu_s: float = 0.0  # the server's utime+stime over the run, all threads and processes

    @property
    def loss(self):
        return self.lost / self.sent if self.sent else 1.0

    @property
    def passed(self):
        """Under 1% loss and, at a fixed rate, answered at close to that rate: a run that falls
        well short of its -Q measured the load generator or a stall, not a sustained rate."""
        if self.sent == 0 or self.loss >= MAX_LOSS:
            return False
        return self.rate is None or self.qps >= SUSTAINED * self.rate

    @property
    def cpu_us_per_query(self):
        return self.cpu_s / self.completed * 1e6 if self.completed else None

    def describe(self):
        rate = "max" if self.rate is None else f"{self.rate}"
        return (f"-Q {rate:>7}: {self.qps:9.0f} qps, loss {self.loss * 100:5.2f}%, "
                f"cpu {self.cpu_us_per_query or 0:6.2f} us/q")


def _number(pattern, text, cast=float):
    m = re.search(pattern, text, re.MULTILINE)
    return cast(m.group(1)) if m else None


def parse_dnsperf(text, run):
    """Fills `run` from dnsperf 2.x's statistics block."""
    run.sent = _number(r"Queries sent:\s+(\d+)", text, int) or 0
    run.completed = _number(r"Queries completed:\s+(\d+)", text, int) or 0
    run.lost = _number(r"Queries lost:\s+(\d+)", text, int) or 0
    run.qps = _number(r"Queries per second:\s+([\d.]+)", text) or 0.0
    run.latency_avg_s = _number(r"Average Latency \(s\):\s+([\d.]+)", text)
    run.latency_stddev_s = _number(r"Latency StdDev \(s\):\s+([\d.]+)", text)
    codes = re.search(r"Response codes:\s+(.*)$", text, re.MULTILINE)
    if codes:
        for name, count in re.findall(r"([A-Z]+) (\d+) \(", codes.group(1)):
            run.rcodes[name] = int(count)
    return run


class Loadgen:
    """dnsperf against one server: -T threads, -c clients, -l seconds, -q queries in flight at
    most, a query file."""

    def __init__(self, dnsperf, queries, threads, clients, duration, timeout, outstanding):
        self.dnsperf = dnsperf
        self.outstanding = outstanding
        self.queries = queries
        self.threads = threads
        self.clients = clients
        self.duration = duration
        self.timeout = timeout

    def run(self, port, rate, cpu_seconds, duration=None):
        """One dnsperf run; `cpu_seconds()` reads the server's CPU time before and after."""
        cmd = [self.dnsperf, "-s", "127.0.0.1", "-p", str(port), "-d", self.queries,
               "-T", str(self.threads), "-c", str(self.clients),
               "-l", str(duration or self.duration), "-t", str(self.timeout),
               "-q", str(self.outstanding), "-O", SUPPRESS]
        if rate is not None:
            cmd += ["-Q", str(rate)]
        before = cpu_seconds()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        run = Run(rate=rate, cpu_s=cpu_seconds() - before)
        if done.returncode != 0 or "Statistics:" not in done.stdout:
            raise RuntimeError(f"dnsperf failed ({done.returncode}): {' '.join(cmd)}\n"
                               f"{(done.stdout + done.stderr)[-2000:]}")
        return parse_dnsperf(done.stdout, run)


@dataclass
class SearchPlan:
    """How finely to search: bisect until hi/lo < 1 + tolerance, at most `max_bisections`."""
    tolerance: float = 0.04
    max_bisections: int = 3
    up_factor: float = 1.15
    down_factor: float = 0.75
    max_up: int = 4
    max_down: int = 6
    confirm_backoff: float = 0.95
    max_confirms: int = 3


@dataclass
class SearchResult:
    final: Run | None  # the confirmed run, or the best passing run if none confirmed
    confirmed: bool
    steps: list


def _round_rate(rate):
    step = 1000 if rate >= 20000 else 100
    return max(step, int(rate // step) * step)


def search(run_at, plan, log):
    """The highest -Q rate with loss under 1%: an unlimited probe, coarse steps from what it
    reached, bisection, then a confirming run at the rate found (stepping down if it fails).
    A run that falls well short of its -Q rate fails (Run.passed), so the rate found is one the
    server sustained, not one the load generator could not send."""
    steps = []

    def attempt(rate):
        run = run_at(rate)
        steps.append(run)
        log(run.describe())
        return run

    probe = attempt(None)
    lo = None  # (rate, run) that passed
    hi = None  # rate that failed
    rate = _round_rate(probe.qps * (1.0 if probe.passed else 0.9))
    for _ in range(plan.max_up if probe.passed else plan.max_down):
        run = attempt(rate)
        if run.passed:
            lo = (rate, run)
            if hi is not None:
                break  # bracketed
            rate = _round_rate(rate * plan.up_factor)
        else:
            hi = rate
            if lo is not None:
                break
            rate = _round_rate(rate * plan.down_factor)
    if lo is None:
        return SearchResult(final=None, confirmed=False, steps=steps)
    for _ in range(plan.max_bisections):
        if hi is None or hi <= lo[0] * (1 + plan.tolerance):
            break
        rate = _round_rate((lo[0] + hi) / 2)
        if rate <= lo[0]:
            break
        run = attempt(rate)
        if run.passed:
            lo = (rate, run)
        else:
            hi = rate
    rate = lo[0]
    for _ in range(plan.max_confirms):
        run = attempt(rate)
        if run.passed:
            return SearchResult(final=run, confirmed=True, steps=steps)
        rate = _round_rate(rate * plan.confirm_backoff)
    return SearchResult(final=lo[1], confirmed=False, steps=steps)
