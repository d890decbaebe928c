# e2e/harness.py: runs the DNS-01 chain on loopback (pebble -> unbound -> Knot -> dcvd) in a temp
# dir, each daemon a child process stopped by its PID. Python 3 standard library only.
"""The chain the end-to-end tests obtain certificates through, and the small tools they need.

pebble (ACME CA) asks unbound (recursive, stub zones) for _acme-challenge.<host>. TXT; unbound
asks Knot (the customer zone example.test., which holds the _acme-challenge CNAMEs) and follows
the CNAME into dcvd (the validation zone validation.test.), where the test's ACME client has
published the values.
"""

import contextlib
import ctypes
import json
import os
import random
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

CUSTOMER_ZONE = "example.test"
VALIDATION_ZONE = "validation.test"
# Hosts of the customer zone with an _acme-challenge CNAME into the validation zone. `probe` is
# the chain's own pre-flight check; the others are what the tests order certificates for.
DELEGATED_HOSTS = ("example.test", "www.example.test", "probe.example.test")

START_TIMEOUT = 20.0  # seconds for a daemon to answer after it was started
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL
POLL_STEP = 0.05
CLIENT_TIMEOUT = 120.0  # seconds an ACME client may take for one order
HERE = Path(__file__).resolve().parent
HOOK = HERE / "dcvd-hook.sh"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                   "ALL_PROXY")

REQUIRED_TOOLS = {
    "pebble": "pebble",
    "lego": "lego",
    "certbot": "certbot",
    "knotd": "knot",
    "unbound": "unbound",
    "openssl": "openssl",
    "curl": "curl",
}


class E2EError(Exception):
    """A step of the chain failed; the message says which and why."""


def missing_tools():
    """The required programs that are not installed, as 'program (package)' strings."""
    return [f"{tool} (package {package})" for tool, package in REQUIRED_TOOLS.items()
            if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists()]


def tool(name):
    """The path of an installed program; knotd and unbound live in /usr/sbin."""
    found = shutil.which(name) or (str(Path("/usr/sbin", name))
                                   if Path("/usr/sbin", name).exists() else None)
    if found is None:
        raise E2EError(f"{name} is not installed; run deploy/install-deps.sh")
    return found


def free_port():
    """A loopback port free for both TCP and UDP now (Knot, unbound and pebble cannot bind 0)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise E2EError("found no loopback port free for both TCP and UDP")


def client_environment(extra=None):
    """The environment for a client or daemon: ours, without proxies, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra or {})
    return env


def wait_until(what, predicate, timeout=START_TIMEOUT, daemon=None):
    """Polls `predicate` until it returns a true value (returned) or the deadline passes."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        if daemon is not None and not daemon.is_running():
            raise E2EError(f"{daemon.name} exited with {daemon.process.returncode} while waiting "
                           f"for {what}")
        try:
            result = predicate()
            if result:
                return result
        except (OSError, E2EError, urllib.error.URLError) as error:
            last_error = error
        if time.monotonic() > deadline:
            raise E2EError(f"timed out after {timeout:.0f} s waiting for {what}"
                           + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(POLL_STEP)


def _die_with_parent():
    """In the child before exec: SIGKILL when the test process dies, even by SIGKILL (a ctest
    timeout), so no daemon outlives its test."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Daemon:
    """A child process with its output in a log file; stop() ends it by its PID."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.argv = [str(a) for a in argv]
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                        preexec_fn=_die_with_parent)

    def is_running(self):
        return self.process.poll() is None

    def stop(self):
        if self.is_running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --- a minimal DNS client: enough to see whether a server answers and what -------------------

TYPE_A, TYPE_CNAME, TYPE_SOA, TYPE_TXT = 1, 5, 6, 16
TYPE_NAMES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 16: "TXT"}


def _read_name(message, offset):
    labels, jumped, end = [], False, offset
    for _ in range(128):
        length = message[offset]
        if length & 0xC0 == 0xC0:
            if not jumped:
                end = offset + 2
            offset, jumped = ((length & 0x3F) << 8) | message[offset + 1], True
            continue
        if length == 0:
            return ".".join(labels) + ".", (end if jumped else offset + 1)
        labels.append(message[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    raise E2EError("DNS name compression loop")


def dns_query(port, name, qtype, recursion=True, timeout=1.0):
    """Asks 127.0.0.1:port over UDP; returns (rcode, [(owner, type, data)]), data being the
    target name for CNAME, the strings for TXT, the raw bytes otherwise."""
    query_id = random.randrange(65536)
    question = b"".join(bytes([len(label)]) + label.encode("ascii")
                        for label in name.rstrip(".").split(".")) + b"\0"
    query = struct.pack("!HHHHHH", query_id, 0x0100 if recursion else 0, 1, 0, 0, 0) + \
        question + struct.pack("!HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        # connected, so a port nobody listens on yet fails at once (ICMP) instead of timing out
        sock.connect(("127.0.0.1", port))
        sock.send(query)
        while True:
            message = sock.recv(65535)
            if len(message) >= 12 and struct.unpack("!H", message[:2])[0] == query_id:
                break
    _, flags, qdcount, ancount, _, _ = struct.unpack("!HHHHHH", message[:12])
    offset = 12
    for _ in range(qdcount):
        _, offset = _read_name(message, offset)
        offset += 4
    answers = []
    for _ in range(ancount):
        owner, offset = _read_name(message, offset)
        rtype, _, _, rdlength = struct.unpack("!HHIH", message[offset:offset + 10])
        offset += 10
        rdata = message[offset:offset + rdlength]
        if rtype == TYPE_CNAME:
            data = _read_name(message, offset)[0]
        elif rtype == TYPE_TXT:
            data, i = [], 0
            while i < len(rdata):
                data.append(rdata[i + 1:i + 1 + rdata[i]].decode("ascii", "replace"))
                i += 1 + rdata[i]
        else:
            data = rdata
        answers.append((owner, rtype, data))
        offset += rdlength
    return flags & 0x000F, answers


def format_answers(answers):
    return "; ".join(f"{owner} {TYPE_NAMES.get(rtype, rtype)} {data}"
                     for owner, rtype, data in answers) or "(no answers)"


# --- the chain ---------------------------------------------------------------------------------

def target_of(host):
    """The validation-zone name a host's _acme-challenge CNAME points to (short hosts only: long
    ones get dcvd's hashed label, which these tests do not use)."""
    return f"{host}.{VALIDATION_ZONE}."


class Chain:
    """pebble, unbound, Knot and dcvd on loopback in one temp dir. Use as a context manager:
    on an exception, every daemon's and client's log is appended to the error."""

    def __init__(self, dcvd_binary, keep=False):
        self.dcvd_binary = str(Path(dcvd_binary).resolve())
        self.keep = keep or os.environ.get("DCVD_E2E_KEEP") == "1"
        self.dir = Path(tempfile.mkdtemp(prefix="dcvd-e2e-"))
        self.daemons = []
        self.timings = {}
        self._tokens = {}

    # context manager: start on entry, stop (and on failure, show the logs) on exit
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        if exc_type is not None and not issubclass(exc_type, unittest.SkipTest):
            print(self.logs(), flush=True)
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print(f"e2e: kept {self.dir}", flush=True)
        return False

    def path(self, *parts):
        return self.dir.joinpath(*parts)

    def start(self):
        for step in (self._make_tls, self._start_dcvd, self._start_knot, self._start_unbound,
                     self._start_pebble, self.preflight):
            started = time.monotonic()
            step()
            self.timings[step.__name__.lstrip("_")] = time.monotonic() - started

    def stop(self):
        for daemon in reversed(self.daemons):
            daemon.stop()
        self.daemons.clear()

    def logs(self):
        """Every log of this run: the daemons', the clients', certbot's own log file."""
        parts = []
        for log in sorted(self.dir.rglob("*.log")):
            text = log.read_text(errors="replace")
            parts.append(f"----- {log.relative_to(self.dir)} -----\n{text.rstrip()}\n"
                         f"----- end of {log.name} -----")
        return "\n".join(parts)

    def _daemon(self, name, argv, env=None):
        daemon = Daemon(name, argv, self.path(f"{name}.log"), env=env, cwd=self.dir)
        self.daemons.append(daemon)
        return daemon

    # -- throwaway TLS CA for pebble's HTTPS (the Debian package ships no certificate) --
    def _make_tls(self):
        tls = self.path("tls")
        tls.mkdir()
        self.tls_ca = tls / "ca.pem"
        self.tls_cert = tls / "localhost.pem"
        self.tls_key = tls / "localhost.key"
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        self.openssl("req", "-x509", *ec, "-keyout", tls / "ca.key", "-out", self.tls_ca,
                     "-days", "2", "-subj", "/CN=dcvd e2e throwaway TLS CA",
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.openssl("req", *ec, "-keyout", self.tls_key, "-out", tls / "localhost.csr",
                     "-subj", "/CN=localhost")
        (tls / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                                     "extendedKeyUsage=serverAuth\n"
                                     "basicConstraints=critical,CA:FALSE\n")
        self.openssl("x509", "-req", "-in", tls / "localhost.csr", "-CA", self.tls_ca,
                     "-CAkey", tls / "ca.key", "-CAcreateserial", "-days", "2",
                     "-extfile", tls / "ext.cnf", "-out", self.tls_cert)
        self.tls_context = ssl.create_default_context(cafile=str(self.tls_ca))

    def openssl(self, *args):
        result = subprocess.run([tool("openssl"), *map(str, args)], capture_output=True,
                                text=True, timeout=30)
        if result.returncode != 0:
            raise E2EError(f"openssl {' '.join(map(str, args))} failed:\n{result.stderr}")
        return result.stdout

    # -- dcvd: the validation zone --
    def _start_dcvd(self):
        root = self.path("dcvd")
        root.mkdir()
        zone = root / f"{VALIDATION_ZONE}.zone"
        zone.write_text(f"$ORIGIN {VALIDATION_ZONE}.\n$TTL 300\n"
                        f"@ SOA ns1 hostmaster.{CUSTOMER_ZONE}. 1 3600 600 1209600 60\n"
                        "@ NS ns1\nns1 A 127.0.0.1\n")
        self.dcvd_config = root / "dcvd.toml"
        self.dcvd_config.write_text(
            f'[zone]\nname = "{VALIDATION_ZONE}."\nfile = "{zone}"\n'
            '[dns]\nlisten = ["127.0.0.1:0"]\nworkers = 1\n'
            '[api]\nlisten = ["127.0.0.1:0"]\n'
            f'[store]\npath = "{root / "var"}"\nmap_size = "64MiB"\n'
            '[log]\nlevel = "debug"\n')
        ready = root / "ready"
        daemon = self._daemon("dcvd", [self.dcvd_binary, "serve", "--config", self.dcvd_config,
                                       "--ready-file", ready])
        lines = wait_until("dcvd's ready file", lambda: ready.exists() and ready.read_text(),
                           daemon=daemon)
        bound = dict(line.split(" ", 1) for line in lines.splitlines() if " " in line)
        self.dcvd_port = int(bound["udp"].rsplit(":", 1)[1])
        if bound.get("tcp") != bound["udp"]:
            raise E2EError(f"dcvd bound UDP and TCP on different ports: {lines!r}")
        self.api_url = "http://" + bound["http"]

    def dcvd(self, *args, check=True):
        """Runs a dcvd command on this chain's configuration; returns its stdout."""
        argv = [self.dcvd_binary, *map(str, args), "--config", self.dcvd_config]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise E2EError(f"{' '.join(argv)} exited with {result.returncode}:\n"
                           f"{result.stdout}{result.stderr}")
        return result

    # -- Knot: the customer zone with the _acme-challenge CNAMEs --
    def _start_knot(self):
        root = self.path("knot")
        (root / "run").mkdir(parents=True)
        (root / "db").mkdir()
        self.knot_port = free_port()
        records = "".join(f"_acme-challenge.{host}. 300 CNAME {target_of(host)}\n"
                          for host in DELEGATED_HOSTS)
        (root / f"{CUSTOMER_ZONE}.zone").write_text(
            f"$ORIGIN {CUSTOMER_ZONE}.\n$TTL 300\n"
            f"@ SOA ns1 hostmaster 1 3600 600 1209600 60\n@ NS ns1\nns1 A 127.0.0.1\n"
            f"@ A 127.0.0.1\nwww A 127.0.0.1\n{records}")
        conf = root / "knot.conf"
        conf.write_text(
            f'server:\n    rundir: "{root / "run"}"\n    listen: 127.0.0.1@{self.knot_port}\n'
            f'    background-workers: 1\n    udp-workers: 1\n    tcp-workers: 1\n'
            f'database:\n    storage: "{root / "db"}"\n'
            'log:\n  - target: stderr\n    any: info\n'
            f'template:\n  - id: default\n    storage: "{root}"\n    file: "%s.zone"\n'
            '    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: none\n'
            f'zone:\n  - domain: {CUSTOMER_ZONE}.\n')
        daemon = self._daemon("knotd", [tool("knotd"), "-c", conf])
        wait_until("Knot to serve " + CUSTOMER_ZONE,
                   lambda: dns_query(self.knot_port, CUSTOMER_ZONE, TYPE_SOA, False, 0.2)[1],
                   daemon=daemon)

    # -- unbound: the resolver pebble asks --
    def _start_unbound(self):
        root = self.path("unbound")
        root.mkdir()
        self.unbound_port = free_port()
        conf = root / "unbound.conf"
        conf.write_text(
            "server:\n"
            f"    interface: 127.0.0.1\n    port: {self.unbound_port}\n"
            "    do-ip6: no\n    do-not-query-localhost: no\n"
            f'    directory: "{root}"\n    chroot: ""\n    username: ""\n'
            f'    pidfile: "{root / "unbound.pid"}"\n'
            '    use-syslog: no\n    logfile: ""\n    verbosity: 1\n    log-queries: yes\n'
            "    log-replies: yes\n    num-threads: 1\n"
            '    module-config: "iterator"\n'
            # unbound's built-in "test." static zone would answer NXDOMAIN for our zones
            '    local-zone: "test." nodefault\n'
            # and nothing else is looked up: no query ever leaves for the root servers
            '    local-zone: "." refuse\n'
            f'    local-zone: "{CUSTOMER_ZONE}." transparent\n'
            f'    local-zone: "{VALIDATION_ZONE}." transparent\n'
            "remote-control:\n    control-enable: no\n"
            f'stub-zone:\n    name: "{CUSTOMER_ZONE}."\n    stub-addr: 127.0.0.1@{self.knot_port}\n'
            f'stub-zone:\n    name: "{VALIDATION_ZONE}."\n'
            f"    stub-addr: 127.0.0.1@{self.dcvd_port}\n")
        daemon = self._daemon("unbound", [tool("unbound"), "-d", "-c", conf])
        wait_until("unbound to resolve " + CUSTOMER_ZONE,
                   lambda: dns_query(self.unbound_port, CUSTOMER_ZONE, TYPE_SOA, True, 0.2)[1],
                   daemon=daemon)

    # -- pebble: the ACME CA, validating through unbound --
    def _start_pebble(self):
        root = self.path("pebble")
        root.mkdir()
        self.pebble_port, management = free_port(), free_port()
        conf = root / "pebble.json"
        conf.write_text(json.dumps({"pebble": {
            "listenAddress": f"127.0.0.1:{self.pebble_port}",
            "managementListenAddress": f"127.0.0.1:{management}",
            "certificate": str(self.tls_cert), "privateKey": str(self.tls_key),
            # ports pebble's VA would connect to for http-01 and tls-alpn-01: unused here
            "httpPort": free_port(), "tlsPort": free_port(),
            "ocspResponderURL": "", "externalAccountBindingRequired": False}}, indent=2))
        env = client_environment({
            "PEBBLE_VA_NOSLEEP": "1",  # validate at once instead of after a random pause
            "PEBBLE_WFE_NONCEREJECT": "0",  # no random badNonce errors
            "PEBBLE_AUTHZREUSE": "0",  # every order validates afresh
        })
        env.pop("PEBBLE_VA_ALWAYS_VALID", None)  # the point is real validation
        daemon = self._daemon("pebble", [tool("pebble"), "-config", conf,
                                         "-dnsserver", f"127.0.0.1:{self.unbound_port}"],
                              env=env)
        self.directory_url = f"https://127.0.0.1:{self.pebble_port}/dir"
        self.management_url = f"https://127.0.0.1:{management}"
        wait_until("pebble's ACME directory", lambda: self.https_get(self.directory_url),
                   daemon=daemon)

    def https_get(self, url):
        with urllib.request.urlopen(url, context=self.tls_context, timeout=5) as response:
            return response.read()

    def pebble_root(self):
        """pebble's issuing root (made fresh at each pebble start), as a PEM file."""
        root = self.path("pebble", "root.pem")
        root.write_bytes(self.https_get(self.management_url + "/roots/0"))
        return root

    # -- the chain works before any ACME client runs --
    def preflight(self):
        """Publishes a value with the CLI and reads it back through unbound, following Knot's
        CNAME into dcvd: a broken chain fails here, with the answers seen, not inside a CA."""
        host = "probe.example.test"
        value = f"preflight-{random.randrange(1 << 30)}"
        self.dcvd("txt", "add", host, value)
        rcode, answers = dns_query(self.unbound_port, f"_acme-challenge.{host}", TYPE_TXT)
        self.dcvd("txt", "rm", host, value)
        cname = (f"_acme-challenge.{host}.", TYPE_CNAME, target_of(host))
        txt = (target_of(host), TYPE_TXT, [value])
        if rcode != 0 or cname not in answers or txt not in answers:
            raise E2EError(f"pre-flight: unbound answered rcode {rcode} with "
                           f"{format_answers(answers)}; expected {format_answers([cname, txt])}")

    def token(self, name, scope="write"):
        """A dcvd API token (`dcvd token create`), made once per name."""
        if name not in self._tokens:
            out = self.dcvd("token", "create", name, "--scope", scope).stdout
            self._tokens[name] = out.splitlines()[0].strip()
        return self._tokens[name]

    def values(self):
        """Every challenge value dcvd holds now, as (host, value) pairs (`dcvd txt list`)."""
        # columns: host, target, value ("-" for a registered host without values), ttl, expires
        rows = [row.split("\t") for row in self.dcvd("txt", "list").stdout.splitlines()
                if row and not row.startswith("#")]
        return [(row[0], row[2]) for row in rows if row[2] != "-"]

    # -- clients --
    def run_client(self, name, argv, env, cwd=None):
        """Runs an ACME client to completion, its output in <name>.log; returns the exit code."""
        log = self.path(f"{name}.log")
        started = time.monotonic()
        with open(log, "wb") as out:
            try:
                code = subprocess.run([str(a) for a in argv], stdin=subprocess.DEVNULL,
                                      stdout=out, stderr=subprocess.STDOUT, env=env,
                                      cwd=cwd or self.dir, timeout=CLIENT_TIMEOUT,
                                      preexec_fn=_die_with_parent).returncode
            except subprocess.TimeoutExpired:
                raise E2EError(f"{name} did not finish within {CLIENT_TIMEOUT:.0f} s")
        self.timings[name] = time.monotonic() - started
        return code

    def hook_environment(self, mode, extra=None):
        """What dcvd-hook.sh reads: how to publish (cli, native, wrong) and where."""
        env = {"DCVD_HOOK_MODE": mode, "DCVD_BINARY": self.dcvd_binary,
               "DCVD_CONFIG": str(self.dcvd_config), "DCVD_ZONE": VALIDATION_ZONE,
               "DCVD_API": self.api_url}
        env.update(extra or {})
        return env

    # -- checking the result --
    def verify_certificate(self, bundle, names):
        """The bundle (leaf first, then intermediates) verifies against pebble's root, and the
        leaf names exactly `names`."""
        pems = [block + "-----END CERTIFICATE-----\n"
                for block in Path(bundle).read_text().split("-----END CERTIFICATE-----")
                if "-----BEGIN CERTIFICATE-----" in block]
        if len(pems) < 2:
            raise E2EError(f"{bundle} holds {len(pems)} certificate(s), expected leaf + issuer")
        leaf, chain = self.path("leaf.pem"), self.path("chain.pem")
        leaf.write_text(pems[0].lstrip())
        chain.write_text("".join(p.lstrip() for p in pems[1:]))
        verified = subprocess.run([tool("openssl"), "verify", "-CAfile", str(self.pebble_root()),
                                   "-untrusted", str(chain), str(leaf)],
                                  capture_output=True, text=True, timeout=30)
        if verified.returncode != 0 or not verified.stdout.strip().endswith(": OK"):
            raise E2EError(f"openssl verify against pebble's root failed:\n"
                           f"{verified.stdout}{verified.stderr}")
        san = self.openssl("x509", "-in", leaf, "-noout", "-ext", "subjectAltName")
        found = sorted(part.strip()[4:] for part in san.split("\n", 1)[-1].split(",")
                       if part.strip().startswith("DNS:"))
        if found != sorted(names):
            raise E2EError(f"certificate names {found}, expected {sorted(names)}")


class ValueWatcher:
    """Samples `dcvd txt list` every POLL_STEP while a client runs, to learn the most values each
    host had at once (an apex + wildcard order needs two at one name)."""

    def __init__(self, chain):
        self.chain = chain
        self.peak = {}
        self.samples = 0
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="value-watcher", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    def _run(self):
        while not self._stop.is_set():
            try:
                counts = Counter(host for host, _ in self.chain.values())
            except (E2EError, OSError, subprocess.SubprocessError) as error:
                self.errors.append(str(error))
            else:
                self.samples += 1
                for host, count in counts.items():
                    self.peak[host] = max(self.peak.get(host, 0), count)
            self._stop.wait(POLL_STEP)


@contextlib.contextmanager
def standalone_dcvd(dcvd_binary):
    """Only dcvd, from a Chain that starts nothing else: for probing what its API offers."""
    chain = Chain(dcvd_binary)
    try:
        chain._start_dcvd()
        yield chain
    finally:
        chain.stop()
        shutil.rmtree(chain.dir, ignore_errors=True)
