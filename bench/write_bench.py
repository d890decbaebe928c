#!/usr/bin/env python3
"""bench/write_bench.py: the write path of dcvd beside Knot (RFC 2136 UPDATE, TSIG-signed, over
TCP) and PowerDNS (HTTP API, LMDB backend), durable on every server: acknowledged adds per second
at 1, 16 and 64 concurrent clients, and add-to-visible-in-DNS latency (p50, p99) under a light
background load. Servers alternate, --reps times; medians and ratios are printed as a table and,
with --markdown, as markdown. See bench/README.md ("The write path")."""

import argparse
import base64
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import dnsmsg
import generate
import proctree
import report
import servers
from machine import compiler_of, cpu_model, first_line, git_commit, loadavg, log

ALL_KINDS = ("dcvd", "knot", "pdns")
LABELS = {"dcvd": "dcvd", "knot": "Knot", "pdns": "PowerDNS"}
APEX = generate.DEFAULT_APEX
MAX_VALUES_PER_HOST = 8  # dcvd's default values.max_values_per_host
TTL = 60
PER_CLIENT_CAP = 2500  # adds/s one connection could reach at most (one durable write at a time)
TSIG_KEY_NAME = "bench-key."
PDNS_API_KEY = "bench-api-key"


# --- the servers -------------------------------------------------------------------------------

def http_request(method, port, path, body=b"", headers=()):
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", *headers]
    if body:
        head.append("Content-Type: application/json")
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


def udp_query(port, name, timeout=0.5, sock=None):
    """(rcode, TXT values) of one UDP query to 127.0.0.1:port, (None, []) on a timeout."""
    own = sock is None
    sock = sock or socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.settimeout(timeout)
        qid = int.from_bytes(os.urandom(2), "big")
        sock.sendto(dnsmsg.query(name, qid=qid), ("127.0.0.1", port))
        deadline = time.monotonic() + timeout
        while True:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            data = sock.recv(65535)
            rid, rcode, values = dnsmsg.parse(data)
            if rid == qid:
                return rcode, values
    except socket.timeout:
        return None, []
    finally:
        if own:
            sock.close()


def soa_serial(port):
    """The zone's SOA serial over UDP, or None without an answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        for _ in range(3):
            s.sendto(dnsmsg.query(APEX, dnsmsg.TYPE_SOA, 9), ("127.0.0.1", port))
            try:
                return dnsmsg.soa_serial(s.recv(65535))
            except socket.timeout:
                continue
    return None


def wait_soa(server, began):
    """Seconds from start until the apex SOA answers NOERROR over UDP."""
    deadline = began + server.tools["start_timeout"]
    while True:
        if server.proc.poll() is not None:
            raise servers.ServerError(f"{server.kind} exited with {server.proc.returncode} while "
                                      f"starting\n{server.log_tail()}")
        if server.dns_port:
            qid = 7
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(0.2)
                s.sendto(dnsmsg.query(APEX, dnsmsg.TYPE_SOA, qid), ("127.0.0.1", server.dns_port))
                try:
                    _, rcode, _ = dnsmsg.parse(s.recv(65535))
                    if rcode == 0:
                        return time.monotonic() - began
                except socket.timeout:
                    pass
        if time.monotonic() > deadline:
            raise servers.ServerError(f"{server.kind}: no SOA answer within "
                                      f"{server.tools['start_timeout']} s\n{server.log_tail()}")
        time.sleep(0.02)


class WriteServer(servers.Server):
    """A server under write load: `proto` is what dcvd_write_load speaks to (api_port), DNS
    queries go to dns_port over UDP."""

    proto = "http"
    registers = False  # dcvd: hosts are registered (PUT) before values can be added

    def __init__(self, binary, tools, keep=False):
        super().__init__(binary, {"apex": APEX}, tools["workers"], tools, keep)
        self.api_port = None
        self.dns_port = None

    def write_static_zone(self):
        path = os.path.join(self.dir, "static.zone")
        with open(path, "w", encoding="ascii") as f:
            f.write(generate.static_zone_text(APEX))
        return path

    def check_answers(self):
        pass  # wait_ready saw the apex SOA; the benchmark checks every value it measures

    def target(self, host):
        return f"{host}.{APEX}"

    def setup(self, hosts, tool):
        """Whatever must exist before values are added (dcvd: the delegations)."""

    def add_request(self, host, value, before):
        """The request that adds `value` at host; `before` lists the values it has already."""
        raise NotImplementedError


class DcvdW(WriteServer):
    kind = "dcvd"
    registers = True

    def prepare(self):
        self.config = os.path.join(self.dir, "dcvd.toml")
        self.ready_file = os.path.join(self.dir, "ready")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f'[zone]\nname = "{APEX}"\nfile = "{self.write_static_zone()}"\n'
                    f'[dns]\nlisten = ["127.0.0.1:0"]\nworkers = {self.workers}\n'
                    f'[api]\nlisten = ["127.0.0.1:0"]\n'
                    f'[store]\npath = "{os.path.join(self.dir, "var")}"\n')
        self.token = servers.dcvd_write_token(self.binary, self.config, self.dir)
        return {}

    def command(self):
        return [self.binary, "serve", "--config", self.config, "--ready-file", self.ready_file]

    def wait_ready(self, began):
        deadline = began + self.tools["start_timeout"]
        while not os.path.exists(self.ready_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise servers.ServerError(f"dcvd wrote no ready file (exit {self.proc.poll()})"
                                          f"\n{self.log_tail()}")
            time.sleep(0.01)
        with open(self.ready_file, encoding="ascii") as f:
            for line in f:
                transport, address = line.split()
                port = int(address.rsplit(":", 1)[1])
                if transport == "udp" and address.startswith("127.0.0.1:"):
                    self.dns_port = port
                elif transport == "http" and address.startswith("127.0.0.1:"):
                    self.api_port = port
        if not (self.dns_port and self.api_port):
            raise servers.ServerError(f"dcvd's ready file lacks udp/http on 127.0.0.1: "
                                      f"{open(self.ready_file, encoding='ascii').read()!r}")
        self.port = self.dns_port
        return wait_soa(self, began)

    def _auth(self):
        return (f"Authorization: Bearer {self.token}",)

    def setup(self, hosts, tool):
        ops = [[http_request("PUT", self.api_port, f"/v1/delegations/{h}", b"", self._auth())
                for h in hosts[c::64]] for c in range(64)]
        result = tool.run(self, ops, duration=600)
        if result["acked"] != len(hosts):
            raise servers.ServerError(f"dcvd: registered {result['acked']} of {len(hosts)} "
                                      f"hosts: {result['first_error']}")
        return result

    def add_request(self, host, value, before):
        body = json.dumps({"value": value, "ttl": TTL}).encode("ascii")
        return http_request("POST", self.api_port, f"/v1/delegations/{host}/txt", body,
                            self._auth())


class KnotW(WriteServer):
    kind = "knot"
    proto = "dns"

    def prepare(self):
        d = self.dir
        os.makedirs(os.path.join(d, "db"))
        self.secret = hashlib.sha256(b"dcvd write bench").digest()
        self.key = (TSIG_KEY_NAME, self.secret)
        self.config = os.path.join(d, "knot.conf")
        # Durability: journal-db-mode robust (the default: LMDB synced on every commit) and the
        # changes in the journal (journal-content: changes); Knot answers an UPDATE after its
        # changeset is committed there. zonefile-sync: -1 leaves the zone file alone, as dcvd
        # has no zone file to rewrite either.
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(f"""server:
    rundir: "{d}"
    listen: 127.0.0.1@{self.port}
    udp-workers: {self.workers}
    tcp-workers: {self.workers}
    background-workers: {self.workers}
database:
    storage: "{d}/db"
    journal-db-mode: robust
control:
    listen: "{d}/knot.sock"
log:
  - target: stderr
    any: info
key:
  - id: {TSIG_KEY_NAME.rstrip('.')}
    algorithm: hmac-sha256
    secret: {base64.b64encode(self.secret).decode('ascii')}
acl:
  - id: update
    address: 127.0.0.1
    key: {TSIG_KEY_NAME.rstrip('.')}
    action: update
template:
  - id: default
    storage: "{d}"
    semantic-checks: off
    journal-content: changes
    journal-max-usage: 2G
    zonefile-sync: -1
    zonefile-load: whole
    serial-policy: increment
    acl: update
zone:
  - domain: {APEX}
    file: "{self.write_static_zone()}"
""")
        return {}

    def command(self):
        return [self.binary, "-c", self.config]

    def wait_ready(self, began):
        self.dns_port = self.api_port = self.port
        return wait_soa(self, began)

    def add_request(self, host, value, before):
        msg = dnsmsg.update(APEX, self.target(host), value, ttl=TTL,
                            qid=int.from_bytes(os.urandom(2), "big"), key=self.key)
        return struct.pack("!H", len(msg)) + msg


class PdnsW(WriteServer):
    kind = "pdns"

    def prepare(self):
        d = self.dir
        self.api_port = servers.free_port()
        # lmdb-sync-mode=sync: LMDB fsyncs on every commit (4.7's default is mapasync, which
        # does not wait for the disk). The API answers a PATCH after its commit.
        with open(os.path.join(d, "pdns.conf"), "w", encoding="ascii") as f:
            f.write(f"""launch=lmdb
lmdb-filename={d}/pdns.lmdb
lmdb-sync-mode=sync
local-address=127.0.0.1
local-port={self.port}
api=yes
api-key={PDNS_API_KEY}
webserver=yes
webserver-address=127.0.0.1
webserver-port={self.api_port}
webserver-allow-from=127.0.0.1/32
socket-dir={d}
guardian=no
daemon=no
disable-syslog=yes
write-pid=no
receiver-threads={self.workers}
""")
        return {}

    def command(self):
        return [self.binary, f"--config-dir={self.dir}"]

    def _auth(self):
        return (f"X-API-Key: {PDNS_API_KEY}",)

    def _call(self, method, path, body=None):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=5)
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None,
                         headers={"X-API-Key": PDNS_API_KEY, "Content-Type": "application/json"})
            resp = conn.getresponse()
            return resp.status, resp.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait_ready(self, began):
        self.dns_port = self.port
        deadline = began + self.tools["start_timeout"]
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise servers.ServerError(f"pdns API did not come up (exit {self.proc.poll()})"
                                          f"\n{self.log_tail()}")
            try:
                if self._call("GET", "/api/v1/servers/localhost")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        # The same apex records as dcvd's and Knot's static zone, made through the API.
        rrsets = {}
        for line in generate.static_zone_text(APEX).splitlines():
            if not line or line[0] in ";$":
                continue
            name, ttl, _, rtype, content = line.split(None, 4)
            rrsets.setdefault((name, rtype), (int(ttl), []))[1].append(content)
        zone = {"name": APEX, "kind": "Native", "soa_edit_api": "DEFAULT",
                "rrsets": [{"name": n, "type": t, "ttl": ttl,
                            "records": [{"content": c, "disabled": False} for c in contents]}
                           for (n, t), (ttl, contents) in rrsets.items()]}
        status, text = self._call("POST", "/api/v1/servers/localhost/zones", zone)
        if status != 201:
            raise servers.ServerError(f"pdns: creating the zone gave {status}: {text[:300]}")
        return wait_soa(self, began)

    def add_request(self, host, value, before):
        # REPLACE sets the whole RRset: the values already there and the new one.
        records = [{"content": f'"{v}"', "disabled": False} for v in before + [value]]
        body = json.dumps({"rrsets": [{"name": self.target(host), "type": "TXT", "ttl": TTL,
                                       "changetype": "REPLACE", "records": records}]})
        return http_request("PATCH", self.api_port, f"/api/v1/servers/localhost/zones/{APEX}",
                            body.encode("ascii"), self._auth())


KINDS = {"dcvd": DcvdW, "knot": KnotW, "pdns": PdnsW}


# --- the load ---------------------------------------------------------------------------------

class LoadTool:
    """dcvd_write_load: replays per-client request lists on keep-alive connections."""

    def __init__(self, binary, work_dir, timeout_s):
        self.binary = binary
        self.work_dir = work_dir
        self.timeout_s = timeout_s
        self.proc = None

    def start(self, server, ops, duration, rate=0, repeat=False):
        path = os.path.join(self.work_dir, "ops.bin")
        with open(path, "wb") as f:
            for client, requests in enumerate(ops):
                for request in requests:
                    f.write(struct.pack("<II", client, len(request)))
                    f.write(request)
        cmd = [self.binary, "--connect", f"127.0.0.1:{server.api_port}", "--proto",
               server.proto, "--clients", str(len(ops)), "--duration", str(duration),
               "--ops", path, "--timeout", str(self.timeout_s)]
        if rate:
            cmd += ["--rate", str(rate)]
        if repeat:
            cmd += ["--repeat", "1"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     start_new_session=True, preexec_fn=servers._die_with_parent)
        return self.proc

    def finish(self, stop=False):
        """The tool's JSON result; with stop, SIGTERM first (it then reports and exits)."""
        proc, self.proc = self.proc, None
        try:
            if stop:
                proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"dcvd_write_load exited with {proc.returncode}")
        return json.loads(out)

    def run(self, server, ops, duration, rate=0):
        self.start(server, ops, duration, rate)
        try:
            return self.finish()
        finally:
            self.kill()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def value_of(host, round_no, salt):
    """A DNS-01-shaped value (43 base64url characters), distinct per host, round and salt."""
    digest = hashlib.sha256(f"{salt}/{host}/{round_no}".encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def add_ops(server, hosts, clients, salt):
    """Per client, adds over its own hosts (every C-th), one value per host per round, for
    MAX_VALUES_PER_HOST rounds: never more values at a host than dcvd allows."""
    ops = []
    for c in range(clients):
        mine = hosts[c::clients]
        requests = []
        for r in range(MAX_VALUES_PER_HOST):
            for h in mine:
                before = [value_of(h, k, salt) for k in range(r)]
                requests.append(server.add_request(h, value_of(h, r, salt), before))
        ops.append(requests)
    return ops


def machine_busy():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def measure_throughput(server, tool, hosts, clients, duration):
    """Adds/s of `clients` connections for `duration` seconds, and the CPU split."""
    ops = add_ops(server, hosts, clients, salt=f"t{clients}")
    serial0 = soa_serial(server.dns_port)
    cpu0 = proctree.cpu_seconds(server.pids())
    busy0, total0 = machine_busy()
    result = tool.run(server, ops, duration)
    cpu1 = proctree.cpu_seconds(server.pids())
    busy1, total1 = machine_busy()
    time.sleep(0.2)  # the adds still in flight at the deadline land
    serial1 = soa_serial(server.dns_port)
    # Every server here moves its serial once per commit (dcvd: per group commit; Knot: per
    # batch of queued UPDATEs; PowerDNS: per PATCH), so adds per serial step is the batching.
    commits = (serial1 - serial0) % (1 << 32) if serial0 is not None and serial1 else None
    elapsed = result["elapsed_s"] or duration
    cores = os.cpu_count()
    rec = {
        "clients": clients,
        "adds_s": result["acked"] / elapsed,
        "acked": result["acked"],
        "failed": result["failed"],
        "ack_p50_ms": result["latency_ms"]["p50"],
        "ack_p99_ms": result["latency_ms"]["p99"],
        "server_cores": (cpu1 - cpu0) / elapsed,
        "tool_cores": result["tool_cpu_s"] / elapsed,
        "machine_cores": (busy1 - busy0) / max(1, total1 - total0) * cores,
        "server_cpu_us_per_add": (cpu1 - cpu0) / result["acked"] * 1e6 if result["acked"] else None,
        "exhausted_clients": result["exhausted_clients"],
        "reconnects": result["reconnects"],
        "timeouts": result["timeouts"],
        "status": result["status"],
        "first_error": result["first_error"],
        "elapsed_s": elapsed,
        "commits": commits,
        "adds_per_commit": result["acked"] / commits if commits else None,
    }
    return rec


class StreamClient:
    """One keep-alive connection speaking the tool's framing (HTTP or DNS over TCP)."""

    def __init__(self, port, proto):
        self.port, self.proto, self.sock = port, proto, None

    def _connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = None

    def call(self, request):
        """Sends `request`, returns True for a 2xx / NOERROR answer."""
        for attempt in (0, 1):
            if self.sock is None:
                self._connect()
            try:
                self.sock.sendall(request)
                return self._read()
            except (ConnectionError, EOFError):
                self.close()
                if attempt:
                    raise
        return False

    def _recv_exact(self, buf, n):
        while len(buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def _read(self):
        if self.proto == "dns":
            buf = self._recv_exact(b"", 2)
            length = struct.unpack("!H", buf[:2])[0]
            buf = self._recv_exact(buf, 2 + length)
            return buf[5] & 0x0F == 0
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        self._recv_exact(body, int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close" or lines[0].startswith("HTTP/1.0"):
            self.close()
        return 200 <= status < 300


def measure_visibility(server, tool, hosts, samples, bg_rate, bg_clients):
    """Add-to-visible latency: from sending an add until a UDP TXT query first returns the
    value (queried at once after the answer, then polled), over `samples` adds, while
    dcvd_write_load adds at bg_rate/s on other hosts."""
    sample_hosts = hosts[:(samples + MAX_VALUES_PER_HOST - 1) // MAX_VALUES_PER_HOST]
    bg_hosts = hosts[len(sample_hosts):]
    bg = tool.start(server, add_ops(server, bg_hosts, bg_clients, salt="bg"), duration=3600,
                    rate=bg_rate) if bg_rate else None
    client = StreamClient(server.api_port, server.proto)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    visible_ms, ack_ms, first_try, lost = [], [], 0, 0
    try:
        time.sleep(0.5)  # let the background load settle
        for i in range(samples):
            host = sample_hosts[i % len(sample_hosts)]
            r = i // len(sample_hosts)
            value = value_of(host, r, "vis")
            request = server.add_request(host, value, [value_of(host, k, "vis") for k in range(r)])
            target = server.target(host)
            began = time.perf_counter()
            if not client.call(request):
                raise RuntimeError(f"{server.kind}: a visibility add was refused")
            acked = time.perf_counter()
            tries, seen = 0, None
            while time.perf_counter() - began < 2.0:
                tries += 1
                _, values = udp_query(server.dns_port, target, timeout=0.2, sock=udp)
                if value in values:
                    seen = time.perf_counter()
                    break
            ack_ms.append((acked - began) * 1e3)
            if seen is None:
                lost += 1
                continue
            first_try += tries == 1
            visible_ms.append((seen - began) * 1e3)
    finally:
        client.close()
        udp.close()
        bg_result = tool.finish(stop=True) if bg else None
        tool.kill()
    rec = {"samples": samples, "not_visible_2s": lost, "visible_first_query": first_try,
           "vis_p50_ms": percentile(visible_ms, 0.50), "vis_p99_ms": percentile(visible_ms, 0.99),
           "vis_max_ms": max(visible_ms) if visible_ms else None,
           "ack_p50_ms_light": percentile(ack_ms, 0.50),
           "ack_p99_ms_light": percentile(ack_ms, 0.99)}
    if bg_result:
        rec["bg_adds_s"] = bg_result["acked"] / max(bg_result["elapsed_s"], 1e-9)
        rec["bg_failed"] = bg_result["failed"]
    return rec


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


# --- the run ----------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Durable adds per second at 1/16/64 concurrent clients and add-to-visible "
        "latency of dcvd's HTTP API, Knot's RFC 2136 UPDATE and PowerDNS's HTTP API (LMDB).")
    p.add_argument("--dcvd", help="dcvd binary (leave out to skip dcvd)")
    p.add_argument("--load", required=True, help="dcvd_write_load binary (bench/, built by CMake)")
    p.add_argument("--knotd", default="knotd", help="knotd binary (knotd from PATH)")
    p.add_argument("--pdns", default="pdns_server", help="pdns_server binary (from PATH)")
    p.add_argument("--servers", help="comma-separated subset of dcvd,knot,pdns")
    p.add_argument("--clients", default="1,16,64", help="concurrent clients to measure (1,16,64)")
    p.add_argument("--reps", type=int, help="repetitions, servers alternating (3; --quick: 1)")
    p.add_argument("--duration", type=float, help="seconds per throughput run (10; --quick: 3)")
    p.add_argument("--samples", type=int, help="add-to-visible samples (1000; --quick: 500)")
    p.add_argument("--bg-rate", type=float, default=100,
                   help="background adds/s during the add-to-visible samples (100)")
    p.add_argument("--pool", type=int, help="most adds prepared per throughput run (200000; "
                   "--quick: 60000); each client gets at most 2500 adds/s × duration")
    p.add_argument("--workers", type=int, default=2, help="DNS workers per server (2)")
    p.add_argument("--timeout", type=float, default=10, help="seconds before a request fails")
    p.add_argument("--quick", action="store_true", help="smoke run: 1 repetition, 3 s runs, "
                   "500 samples")
    p.add_argument("--markdown", help="write the markdown tables to FILE ('-': stdout)")
    p.add_argument("--json", help="write every measurement to FILE")
    p.add_argument("--keep", action="store_true", help="keep the servers' temp dirs")
    p.add_argument("--start-timeout", type=float, default=60)
    args = p.parse_args(argv)
    args.reps = args.reps or (1 if args.quick else 3)
    args.duration = args.duration or (3 if args.quick else 10)
    args.samples = args.samples or (500 if args.quick else 1000)
    args.pool = args.pool or (60_000 if args.quick else 200_000)
    args.client_counts = [int(c) for c in args.clients.split(",")]
    if args.servers:
        args.kinds = [k.strip() for k in args.servers.split(",") if k.strip()]
        unknown = [k for k in args.kinds if k not in ALL_KINDS]
        if unknown:
            p.error(f"--servers: unknown {', '.join(unknown)}; choose from {','.join(ALL_KINDS)}")
    else:
        args.kinds = [k for k in ALL_KINDS if k != "dcvd" or args.dcvd]
    if "dcvd" in args.kinds and not args.dcvd:
        p.error("--servers includes dcvd but --dcvd PATH is not given")
    return args


def check_binaries(args):
    names = {"dcvd": args.dcvd, "knot": args.knotd, "pdns": args.pdns}
    wanted = {"load": args.load, **{k: names[k] for k in args.kinds}}
    resolved, problems = {}, []
    for what, path in wanted.items():
        found = shutil.which(path)
        if found is None:
            problems.append(f"{what}: {path} not found or not executable")
        else:
            resolved[what] = os.path.abspath(found)
    if "pdns" in args.kinds and not os.path.exists(
            "/usr/lib/x86_64-linux-gnu/pdns/liblmdbbackend.so"):
        problems.append("pdns: the LMDB backend is missing (pdns-backend-lmdb)")
    if problems:
        raise SystemExit("write_bench.py: " + "\nwrite_bench.py: ".join(problems) +
                         "\nwrite_bench.py: build with cmake (targets dcvd dcvd_write_load) and "
                         "install the peers with deploy/install-deps.sh")
    return resolved


def one_server(kind, bins, tools, args, tool, hosts_for, what):
    """Starts a fresh server, sets it up for `hosts`, runs `what(server)`, stops it."""
    server = KINDS[kind](bins[kind], tools, args.keep)
    try:
        server.start()
        hosts = hosts_for
        if server.registers:
            began = time.monotonic()
            server.setup(hosts, tool)
            log(f"{kind}: registered {len(hosts)} hosts in {time.monotonic() - began:.1f} s")
        return what(server, hosts)
    finally:
        tool.kill()
        server.stop()


def run_all(args, bins, work_dir):
    tools = {"workers": args.workers, "start_timeout": args.start_timeout}
    tool = LoadTool(bins["load"], work_dir, args.timeout)
    max_clients = max(args.client_counts)
    gen_hosts = generate.Generator(20240601).hosts(
        max(args.pool, max_clients * MAX_VALUES_PER_HOST) // MAX_VALUES_PER_HOST + 1)
    records, failed = [], set()
    for rep in range(args.reps):
        kinds = [k for k in args.kinds if k not in failed]
        order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)] if kinds else []
        log(f"repetition {rep + 1}/{args.reps}: {', '.join(order)}")
        for kind in order:
            try:
                for clients in args.client_counts:
                    pool = min(args.pool, int(clients * PER_CLIENT_CAP * args.duration))
                    hosts = gen_hosts[:max(clients, pool // MAX_VALUES_PER_HOST)]
                    rec = one_server(kind, bins, tools, args, tool, hosts,
                                     lambda s, h, c=clients: measure_throughput(
                                         s, tool, h, c, args.duration))
                    rec.update(kind=kind, rep=rep + 1, phase="throughput")
                    records.append(rec)
                    log(f"{kind}: {clients:>2} clients: {rec['adds_s']:.0f} adds/s "
                        f"(ack p50 {rec['ack_p50_ms']:.2f} ms, p99 {rec['ack_p99_ms']:.2f} ms; "
                        f"CPU cores server {rec['server_cores']:.2f}, load tool "
                        f"{rec['tool_cores']:.2f}, machine {rec['machine_cores']:.2f}; "
                        f"failed {rec['failed']}, exhausted {rec['exhausted_clients']}, reconnects "
                        f"{rec['reconnects']}; adds per serial step "
                        f"{fmt(rec['adds_per_commit'], '{:.1f}')})")
                    if rec["failed"]:
                        log(f"{kind}: first error: {rec['first_error'][:300]}")
                bg_hosts = int(args.bg_rate * 120) // MAX_VALUES_PER_HOST + 2
                hosts = gen_hosts[:args.samples // MAX_VALUES_PER_HOST + 1 + bg_hosts]
                rec = one_server(kind, bins, tools, args, tool, hosts,
                                 lambda s, h: measure_visibility(s, tool, h, args.samples,
                                                                 args.bg_rate, 2))
                rec.update(kind=kind, rep=rep + 1, phase="visibility")
                records.append(rec)
                log(f"{kind}: add-to-visible p50 {rec['vis_p50_ms']:.2f} ms, p99 "
                    f"{rec['vis_p99_ms']:.2f} ms (ack p50 {rec['ack_p50_ms_light']:.2f} ms); "
                    f"visible at the first query {rec['visible_first_query']}/{args.samples}, "
                    f"not visible within 2 s {rec['not_visible_2s']}; background "
                    f"{rec.get('bg_adds_s', 0):.0f} adds/s")
            except (servers.ServerError, RuntimeError, OSError, ValueError) as e:
                log(f"{kind}: FAILED: {e}")
                records.append({"kind": kind, "rep": rep + 1, "phase": "error",
                                "error": str(e).splitlines()[0]})
                failed.add(kind)
    return records


def medians(records, kinds, client_counts):
    out = {}
    for kind in kinds:
        row = {}
        for c in client_counts:
            reps = [r for r in records if r["kind"] == kind and r["phase"] == "throughput"
                    and r["clients"] == c]
            for key in ("adds_s", "ack_p99_ms", "server_cores", "tool_cores", "machine_cores",
                        "server_cpu_us_per_add", "adds_per_commit"):
                vals = [r[key] for r in reps if r.get(key) is not None]
                row[f"{key}@{c}"] = statistics.median(vals) if vals else None
        vis = [r for r in records if r["kind"] == kind and r["phase"] == "visibility"]
        for key in ("vis_p50_ms", "vis_p99_ms", "ack_p50_ms_light"):
            vals = [r[key] for r in vis if r.get(key) is not None]
            row[key] = statistics.median(vals) if vals else None
        row["reps"] = len(vis)
        if any(v is not None for k, v in row.items() if k != "reps"):
            out[kind] = row
    return out


def fmt(value, spec):
    return "-" if value is None else spec.format(value)


def tables(meds, kinds, client_counts):
    """(header, rows) of the main table, the ratio table and the CPU table."""
    header = ["server"] + [f"adds/s @{c}" for c in client_counts] + \
        ["add-to-visible p50 ms", "add-to-visible p99 ms"]
    rows = []
    for kind in kinds:
        m = meds.get(kind)
        if not m:
            continue
        rows.append([LABELS[kind]] + [fmt(m[f"adds_s@{c}"], "{:.0f}") for c in client_counts]
                    + [fmt(m["vis_p50_ms"], "{:.2f}"), fmt(m["vis_p99_ms"], "{:.2f}")])
    ratio_rows = []
    d = meds.get("dcvd")
    for base in ("knot", "pdns"):
        o = meds.get(base)
        if not (d and o):
            continue
        cells = [f"dcvd/{LABELS[base]}"]
        for key in [f"adds_s@{c}" for c in client_counts] + ["vis_p50_ms", "vis_p99_ms"]:
            cells.append(fmt(d[key] / o[key] if d[key] and o[key] else None, "{:.2f}"))
        ratio_rows.append(cells)
    cpu_header = ["server"] + [f"{what} @{c}" for c in client_counts
                               for what in ("server CPU us/add", "cores server/tool/machine",
                                            "ack p99 ms", "adds/commit")]
    cpu_rows = []
    for kind in kinds:
        m = meds.get(kind)
        if not m:
            continue
        cells = [LABELS[kind]]
        for c in client_counts:
            cells.append(fmt(m[f"server_cpu_us_per_add@{c}"], "{:.0f}"))
            cells.append("/".join(fmt(m[f"{k}@{c}"], "{:.2f}")
                                  for k in ("server_cores", "tool_cores", "machine_cores")))
            cells.append(fmt(m[f"ack_p99_ms@{c}"], "{:.2f}"))
            cells.append(fmt(m[f"adds_per_commit@{c}"], "{:.1f}"))
        cpu_rows.append(cells)
    return (header, rows), (["ratio"] + header[1:], ratio_rows), (cpu_header, cpu_rows)


def versions(bins):
    out = []
    if "knot" in bins:
        out.append("knotd " + first_line([bins["knot"], "--version"]))
    if "pdns" in bins:
        line = first_line([bins["pdns"], "--version"])
        out.append(line.split("PowerDNS", 1)[-1].strip() if "PowerDNS" in line else line)
    if "dcvd" in bins:
        out.append("dcvd: " + compiler_of(bins["dcvd"]))
    return "; ".join(out)


def fdatasync_ms(directory, count=100):
    """Median and p99 ms of a 4 KiB pwrite + fdatasync in `directory`: the floor of one durable
    commit on this disk, which the shared machine's other I/O moves."""
    fd, path = tempfile.mkstemp(dir=directory)
    times = []
    try:
        for i in range(count):
            began = time.perf_counter()
            os.pwrite(fd, os.urandom(4096), (i % 16) * 4096)
            os.fdatasync(fd)
            times.append((time.perf_counter() - began) * 1e3)
    finally:
        os.close(fd)
        os.unlink(path)
    return statistics.median(times), percentile(times, 0.99)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv):
    args = parse_args(argv)
    bins = check_binaries(args)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = loadavg()
    commit = git_commit()  # now: the tree may change while the run goes on
    began = time.monotonic()
    signal.signal(signal.SIGTERM, interrupt)
    work_dir = tempfile.mkdtemp(prefix="dcvd-write-bench-")
    try:
        sync_before = fdatasync_ms(work_dir)
        log(f"fdatasync of 4 KiB in {work_dir}: median {sync_before[0]:.2f} ms, "
            f"p99 {sync_before[1]:.2f} ms")
        records = run_all(args, bins, work_dir)
        sync_after = fdatasync_ms(work_dir)
    except KeyboardInterrupt:
        log("interrupted; servers and load stopped")
        return 130
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)

    meds = medians(records, args.kinds, args.client_counts)
    main_t, ratio_t, cpu_t = tables(meds, args.kinds, args.client_counts)
    errors = [f"- {r['kind']} (repetition {r['rep']}): {r['error']}" for r in records
              if r["phase"] == "error"]
    warnings = [f"- {r['kind']} (rep {r['rep']}, {r['clients']} clients): {r['failed']} failed "
                f"({r['first_error'][:160]}), {r['exhausted_clients']} clients ran out of adds"
                for r in records if r["phase"] == "throughput"
                and (r["failed"] or r["exhausted_clients"])]
    warnings += [f"- {r['kind']} (rep {r['rep']}): {r['not_visible_2s']} adds not visible "
                 f"within 2 s" for r in records if r["phase"] == "visibility"
                 and r["not_visible_2s"]]
    print("\n".join(report.plain_table(*main_t)))
    print()
    print("\n".join(report.plain_table(*ratio_t)))
    print()
    print("\n".join(report.plain_table(*cpu_t)))
    for title, lines in (("Failures:", errors), ("Warnings:", warnings)):
        if lines:
            print("\n" + title + "\n" + "\n".join(lines))
    context = [
        f"- date: {started.strftime('%Y-%m-%d %H:%M UTC')}; commit {commit}",
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, kernel {platform.release()}",
        f"- load average before/after the run: {load_before} / {loadavg()}",
        f"- disk: 4 KiB pwrite+fdatasync in the temp dir's file system ({tempfile.gettempdir()}),"
        f" median/p99 ms before the run {sync_before[0]:.2f}/{sync_before[1]:.2f}, after "
        f"{sync_after[0]:.2f}/{sync_after[1]:.2f}",
        f"- versions: {versions(bins)}",
        f"- command: `{' '.join(shlex.quote(a) for a in sys.argv)}`",
        f"- {args.reps} repetition(s), servers alternating, a fresh server per measurement; "
        f"{args.duration:g} s per throughput run; {args.samples} add-to-visible samples under "
        f"{args.bg_rate:g} background adds/s; medians shown; wall time "
        f"{time.monotonic() - began:.0f} s",
    ]
    lines = context + [""] + report.markdown_table(*main_t) + [
        "", "Ratios of the medians (adds/s: higher is better for dcvd; latency: lower is "
        "better for dcvd):", ""]
    lines += report.markdown_table(*ratio_t)
    lines += ["", "CPU split (medians; cores = CPU seconds per second of the run: the "
              "server's, dcvd_write_load's, the whole machine's out of "
              f"{os.cpu_count()}) and acknowledgement p99 under full load:", ""]
    lines += report.markdown_table(*cpu_t)
    for title, items in (("Failures:", errors), ("Warnings:", warnings)):
        if items:
            lines += ["", title, ""] + items
    text = "\n".join(lines) + "\n"
    report.write_outputs(args.markdown, text, args.json,
                         {"context": context, "records": records, "medians": meds})
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
