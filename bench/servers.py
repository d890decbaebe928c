"""bench/servers.py: the servers under test (dcvd, Knot, NSD, the bare responder), each in a
temp dir of its own on a free 127.0.0.1 port with the same number of workers: configure, load,
start, wait for the first correct answer, check the answers, stop by PID (SIGTERM, then KILL)."""

import os
import shutil
import signal
import socket
import subprocess
import ctypes
import tempfile
import time

import proctree

STOP_GRACE_S = 15
PR_SET_PDEATHSIG = 1
CHECK_TRIES = 5


class ServerError(Exception):
    """A server could not be set up, started, or answered wrongly; the message says why."""


def free_port():
    """A port free on 127.0.0.1 for both UDP and TCP at the time of asking."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise ServerError("no free port on 127.0.0.1")


def _die_with_parent():
    """In the child before exec: SIGTERM when run.py dies, even by SIGKILL (prctl(2))."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def dig(dig_path, port, name, qtype):
    """(status, answer strings) of one UDP query, or (None, []) without a reply."""
    cmd = [dig_path, "@127.0.0.1", "-p", str(port), "+norec", "+time=1", "+tries=1", "+noall",
           "+comments", "+answer", name, qtype]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    status, answers = None, []
    for line in out.splitlines():
        if "status:" in line:
            status = line.split("status:")[1].split(",")[0].strip()
        elif line and not line.startswith(";"):
            fields = line.split(None, 4)
            if len(fields) == 5 and fields[3] == qtype:
                answers.append(fields[4].strip().strip('"'))
    return status, answers


class Server:
    """One server process. Subclasses say how to configure, load and run it."""

    kind = "?"
    answers_zone = True  # False for the bare responder, which answers NOERROR to anything

    def __init__(self, binary, dataset, workers, tools, keep=False):
        self.binary = binary
        self.keep = keep  # leave the temp dir (configs, logs, store) for inspection
        self.dataset = dataset
        self.workers = workers
        self.tools = tools
        self.dir = None
        self.port = None
        self.proc = None
        self.log_path = None

    def data(self, key):
        return os.path.join(self.dataset["dir"], self.dataset["files"][key])

    def prepare(self):
        """Writes configuration into self.dir; returns timings of any offline load step."""
        return {}

    def command(self):
        raise NotImplementedError

    def start(self):
        """Prepares and starts the server; returns {"load_s"?, "startup_s"}."""
        if not shutil.which(self.binary):
            raise ServerError(f"{self.kind}: binary not found: {self.binary}")
        self.dir = tempfile.mkdtemp(prefix=f"dcvd-bench-{self.kind}-")
        self.port = free_port()
        timings = self.prepare()
        self.log_path = os.path.join(self.dir, "server.log")
        with open(self.log_path, "wb") as log:
            began = time.monotonic()
            # A session of its own: Ctrl-C reaches only run.py, which then stops us by PID.
            self.proc = subprocess.Popen(self.command(), cwd=self.dir, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True,
                                         preexec_fn=_die_with_parent)
        timings["startup_s"] = self.wait_ready(began)
        self.check_answers()
        return timings

    def wait_ready(self, began):
        """Seconds from start until the probe name answers correctly (the zone is loaded)."""
        deadline = began + self.tools["start_timeout"]
        probe = self.dataset["probe"]
        while True:
            if self.proc.poll() is not None:
                tail = self.log_tail()
                last = tail.strip().splitlines()[-1] if tail.strip() else "no output"
                raise ServerError(f"{self.kind} exited with {self.proc.returncode} while "
                                  f"starting: {last}\n{tail}")
            status, answers = dig(self.tools["dig"], self.port, probe["name"], "TXT")
            if status == "NOERROR" and (not self.answers_zone
                                        or sorted(answers) == sorted(probe["values"])):
                return time.monotonic() - began
            if time.monotonic() > deadline:
                raise ServerError(f"{self.kind} gave no correct answer within "
                                  f"{self.tools['start_timeout']} s (last: {status} {answers})"
                                  f"\n{self.log_tail()}")
            time.sleep(0.02)

    def check_answers(self):
        """The same job for every server: the probe's TXT values, NXDOMAIN below the apex, the
        apex SOA and NS."""
        if not self.answers_zone:
            return
        apex = self.dataset["apex"]
        expect = [
            (self.dataset["probe_nxdomain"], "TXT", "NXDOMAIN", None),
            (apex, "SOA", "NOERROR", 1),
            (apex, "NS", "NOERROR", 2),
        ]
        for name, qtype, want_status, want_count in expect:
            for _ in range(CHECK_TRIES):  # UDP: a busy machine may lose a reply
                status, answers = dig(self.tools["dig"], self.port, name, qtype)
                if status is not None:
                    break
            if status != want_status or (want_count is not None and len(answers) != want_count):
                raise ServerError(f"{self.kind} answered {name} {qtype} with {status} "
                                  f"{answers}; expected {want_status}")

    def pids(self):
        return proctree.tree(self.proc.pid) if self.proc else []

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        """SIGTERM to the server's PID, SIGKILL to what of its tree is left after a grace
        period; removes the temp dir unless kept. SIGINT and SIGTERM wait until this is done,
        so that an interrupt never leaves a server or its files behind."""
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            self._stop_process()
            if self.dir and not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _stop_process(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            pids = self.pids()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            for pid in pids[1:]:
                if proctree.alive(pid):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass  # gone since we looked
        self.proc = None


def write_dcvd_config(path, dataset, port, workers, store_dir):
    """dcvd's TOML config for the data set: its static zone, DNS on 127.0.0.1:`port`, the API
    on a free loopback port, the store in `store_dir`."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'[zone]\nname = "{dataset["apex"]}"\n'
                f'file = "{os.path.join(dataset["dir"], dataset["files"]["static_zone"])}"\n'
                f'[dns]\nlisten = ["127.0.0.1:{port}"]\nworkers = {workers}\n'
                f'[api]\nlisten = ["127.0.0.1:0"]\n'
                f'[store]\npath = "{store_dir}"\n')


def dcvd_import(binary, config, dataset, cwd):
    """`dcvd txt import` of the data set's targets; returns the seconds it took."""
    began = time.monotonic()
    load = subprocess.run([binary, "txt", "import",
                           os.path.join(dataset["dir"], dataset["files"]["import"]),
                           "--config", config], cwd=cwd, capture_output=True, text=True,
                          check=False)
    load_s = time.monotonic() - began
    if load.returncode != 0:
        output = (load.stdout + load.stderr).strip()
        last = output.splitlines()[-1] if output else "no output"
        raise ServerError(f"dcvd txt import failed with exit {load.returncode}: {last}\n"
                          f"{output[-2000:]}")
    return load_s


def dcvd_write_token(binary, config, cwd):
    """A new API token of scope write (`dcvd token create bench --scope write`)."""
    made = subprocess.run([binary, "token", "create", "bench", "--scope", "write", "--config",
                           config], cwd=cwd, capture_output=True, text=True, check=False)
    if made.returncode != 0 or not made.stdout.strip():
        raise ServerError(f"dcvd token create failed ({made.returncode}): "
                          f"{(made.stdout + made.stderr).strip()[-500:]}")
    return made.stdout.splitlines()[0].strip()


class Dcvd(Server):
    kind = "dcvd"

    def prepare(self):
        self.config = os.path.join(self.dir, "dcvd.toml")
        write_dcvd_config(self.config, self.dataset, self.port, self.workers,
                          os.path.join(self.dir, "var"))
        return {"load_s": dcvd_import(self.binary, self.config, self.dataset, self.dir)}

    def command(self):
        return [self.binary, "serve", "--config", self.config]


class Knot(Server):
    kind = "knot"

    def prepare(self):
        d = self.dir
        os.makedirs(os.path.join(d, "db"))
        config = os.path.join(d, "knot.conf")
        # No socket buffer option exists in Knot: its UDP sockets get the kernel default.
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"""server:
    rundir: "{d}"
    listen: 127.0.0.1@{self.port}
    udp-workers: {self.workers}
    tcp-workers: 1
    background-workers: 1
database:
    storage: "{d}/db"
control:
    listen: "{d}/knot.sock"
log:
  - target: stderr
    any: info
template:
  - id: default
    storage: "{d}"
    semantic-checks: off
    journal-content: none
    zonefile-sync: -1
    zonefile-load: whole
zone:
  - domain: {self.dataset["apex"]}
    file: "{self.data("full_zone")}"
""")
        self.config = config
        return {}

    def command(self):
        return [self.binary, "-c", self.config]


class Nsd(Server):
    kind = "nsd"

    def prepare(self):
        d = self.dir
        config = os.path.join(d, "nsd.conf")
        buffer_bytes = self.tools["buffer_bytes"]
        # RRL off (Debian builds NSD with it on, ~200 answers/s per source), no nsd.db, no
        # privilege drop or chroot, every state file in the temp dir.
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"""server:
    ip-address: 127.0.0.1
    port: {self.port}
    do-ip6: no
    server-count: {self.workers}
    reuseport: yes
    receive-buffer-size: {buffer_bytes}
    send-buffer-size: {buffer_bytes}
    minimal-responses: yes
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    database: ""
    zonelistfile: "{d}/zone.list"
    xfrdfile: "{d}/xfrd.state"
    xfrdir: "{d}"
    pidfile: "{d}/nsd.pid"
    zonesdir: "{d}"
    username: ""
    chroot: ""
    verbosity: 1
remote-control:
    control-enable: no
zone:
    name: {self.dataset["apex"]}
    zonefile: "{self.data("full_zone")}"
""")
        self.config = config
        return {}

    def command(self):
        return [self.binary, "-d", "-c", self.config]


class Bare(Server):
    kind = "bare"
    answers_zone = False

    def command(self):
        return [self.binary, "--listen", f"127.0.0.1:{self.port}", "--threads",
                str(self.workers), "--buffer", str(self.tools["buffer_bytes"])]


KINDS = {"dcvd": Dcvd, "knot": Knot, "nsd": Nsd, "bare": Bare}
