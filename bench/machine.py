"""bench/machine.py: what the benchmark drivers (run.py, write_bench.py) record about the run
and print while it goes: a timestamped log line, the machine (CPU model, load average), the
commit, and the versions of the programs measured."""

import os
import re
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def first_line(cmd):
    """The first line mentioning a version in a command's output, or "?"."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    for line in (done.stdout + done.stderr).splitlines():
        if re.search(r"[Vv]ersion|\d+\.\d+\.\d+", line):
            return line.strip()
    return "?"


def compiler_of(binary):
    """The GCC/clang identification string that the compiler leaves in an ELF's .comment."""
    try:
        with open(binary, "rb") as f:
            data = f.read()
    except OSError:
        return "?"
    m = re.search(rb"(GCC: \([^\x00]*|clang version [^\x00]*)", data)
    return m.group(1).decode("ascii", "replace") if m else "?"


def git_commit():
    try:
        rev = subprocess.run(["git", "-C", BENCH_DIR, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", BENCH_DIR, "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def cpu_model():
    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "?"


def loadavg():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])
