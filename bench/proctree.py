"""bench/proctree.py: a server's process tree (NSD forks its workers) and what it costs: CPU
seconds (utime+stime of every thread, from /proc/PID/stat) and memory (VmRSS, and PSS, which
does not count pages the processes share twice)."""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (which may hold spaces and parens)."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()


def tree(root):
    """`root` and all its live descendants, root first."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            ppid = int(_stat_fields(entry)[1])
        except (OSError, ValueError, IndexError):
            continue  # exited while we looked
        children.setdefault(ppid, []).append(int(entry))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def cpu_seconds(pids):
    """utime+stime summed over `pids`; the leader's /proc/PID/stat covers all its threads."""
    ticks = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        # After "pid (comm) ", field 0 is state; utime and stime are stat fields 14 and 15.
        ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


def _kib(path, key):
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mib(pids):
    """(RSS, PSS) in MiB summed over `pids`."""
    rss = sum(_kib(f"/proc/{pid}/status", "VmRSS") for pid in pids)
    pss = sum(_kib(f"/proc/{pid}/smaps_rollup", "Pss") for pid in pids)
    return rss / 1024, pss / 1024


def alive(pid):
    """True while `pid` exists and is not a zombie."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except OSError:
        return False
