# e2e/acme_test.py: real ACME clients (lego, certbot) obtain certificates from pebble through
# unbound, Knot's customer zone and dcvd's validation zone. Run it with run.py (see README.md).
"""End-to-end DNS-01 tests. Each client mode is one small function (chain, domains) -> the path of
the issued bundle; a test names a mode and the domains to order."""

import shlex
import subprocess
import sys
import unittest
from dataclasses import dataclass
from typing import Callable

import harness
from harness import HOOK, Chain, E2EError, client_environment, tool

# Set by run.py from --dcvd.
DCVD_BINARY = None

WWW = ("www.example.test",)
APEX_AND_WILDCARD = ("example.test", "*.example.test")  # two values at one name at once

# Short waits inside the clients, so a failure ends in seconds rather than minutes.
LEGO_WAITS = {"POLLING_INTERVAL": "1", "PROPAGATION_TIMEOUT": "20", "HTTP_TIMEOUT": "10"}
# lego's exec provider solves an order's challenges one after the other, EXEC_SEQUENCE_INTERVAL
# apart (default 60 s). The CA's resolver (unbound here) caches the first value for its TTL, so
# the second challenge at the same name sees the old value unless the interval exceeds the TTL:
# the exec modes publish with a TTL of 1 s and wait 2 s.
LEGO_EXEC_SEQUENCE = {"EXEC_SEQUENCE_INTERVAL": "2"}


# --- client modes ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClientMode:
    name: str
    obtain: Callable  # (chain, domains) -> Path of the PEM bundle, leaf first
    # whether the client publishes every value of an order before the CA validates any; lego's
    # exec provider is sequential (one challenge at a time, EXEC_SEQUENCE_INTERVAL apart)
    publishes_at_once: bool = True


def lego(chain, name, domains, provider, provider_env):
    """lego run with a DNS provider; returns lego's bundle (leaf and issuer)."""
    path = chain.path(name)
    argv = [tool("lego"), "--accept-tos", "--email", "e2e@example.test",
            "--server", chain.directory_url, "--path", path, "--key-type", "ec256",
            "--dns", provider,
            # lego's propagation check asks the zones' NS names on port 53 through
            # /etc/resolv.conf; without it lego asks unbound (--dns.resolvers) once.
            "--dns.disable-cp", "--dns.resolvers", f"127.0.0.1:{chain.unbound_port}",
            "--dns-timeout", "5", "--cert.timeout", "30"]
    for domain in domains:
        argv += ["--domains", domain]
    argv.append("run")
    prefix = provider.upper() + "_"
    env = client_environment({"LEGO_CA_CERTIFICATES": str(chain.tls_ca),
                              **{prefix + k: v for k, v in LEGO_WAITS.items()}, **provider_env})
    code = chain.run_client(name, argv, env)
    if code != 0:
        raise E2EError(f"{name} exited with {code}; see {name}.log below")
    return path / "certificates" / (domains[0].replace("*", "_") + ".crt")


def lego_exec(mode):
    def obtain(chain, domains):
        return lego(chain, f"lego-exec-{mode}", domains, "exec",
                    {"EXEC_PATH": str(HOOK), **LEGO_EXEC_SEQUENCE,
                     **chain.hook_environment(mode, {"DCVD_HOOK_TTL": "1"})})
    return obtain


def lego_httpreq(chain, domains):
    # lego 4.9.1's httpreq sends Basic auth only (HTTPREQ_USERNAME/PASSWORD); dcvd takes the
    # token as the password.
    return lego(chain, "lego-httpreq", domains, "httpreq",
                {"HTTPREQ_ENDPOINT": chain.api_url, "HTTPREQ_USERNAME": "lego",
                 "HTTPREQ_PASSWORD": chain.token("lego-e2e")})


def certbot(chain, name, domains, hook_env):
    """certbot certonly --manual with dcvd-hook.sh as both hooks; returns fullchain.pem."""
    root = chain.path(name)
    hook = shlex.quote(str(HOOK))
    argv = [tool("certbot"), "certonly", "--manual", "--preferred-challenges", "dns",
            "--manual-auth-hook", f'{hook} present "$CERTBOT_DOMAIN" "$CERTBOT_VALIDATION"',
            "--manual-cleanup-hook", f'{hook} cleanup "$CERTBOT_DOMAIN" "$CERTBOT_VALIDATION"',
            "--server", chain.directory_url, "--config-dir", root / "config",
            "--work-dir", root / "work", "--logs-dir", root / "logs",
            "--agree-tos", "--register-unsafely-without-email", "--non-interactive",
            "--cert-name", "e2e", "--key-type", "ecdsa"]
    for domain in domains:
        argv += ["--domain", domain]
    env = client_environment({"REQUESTS_CA_BUNDLE": str(chain.tls_ca), **hook_env})
    code = chain.run_client(name, argv, env)
    if code != 0:
        raise E2EError(f"{name} exited with {code}; see {name}.log and its logs/ below")
    return root / "config" / "live" / "e2e" / "fullchain.pem"


def certbot_cli(chain, domains):
    return certbot(chain, "certbot-cli", domains, chain.hook_environment("cli"))


def certbot_native(chain, domains):
    return certbot(chain, "certbot-native", domains, chain.hook_environment(
        "native", {"DCVD_TOKEN": chain.token("certbot-e2e")}))


LEGO_EXEC_CLI = ClientMode("lego exec + dcvd txt", lego_exec("cli"), publishes_at_once=False)
LEGO_EXEC_WRONG = ClientMode("lego exec publishing a wrong value", lego_exec("wrong"),
                             publishes_at_once=False)
LEGO_HTTPREQ = ClientMode("lego httpreq", lego_httpreq)
CERTBOT_CLI = ClientMode("certbot manual hooks + dcvd txt", certbot_cli)
CERTBOT_NATIVE = ClientMode("certbot manual hooks + native API", certbot_native)


# --- the tests ---------------------------------------------------------------------------------

class AcmeTestCase(unittest.TestCase):
    def chain(self):
        """A chain to run a client in; fails when a tool of it is not installed."""
        missing = harness.missing_tools()
        if missing:
            self.fail("not installed: " + ", ".join(missing) + "; run deploy/install-deps.sh")
        return Chain(DCVD_BINARY)

    def order(self, mode, domains):
        """`mode` obtains a certificate for `domains`; it verifies against pebble's root, names
        exactly those domains, and the client's cleanup left no value behind."""
        with self.chain() as chain:
            with harness.ValueWatcher(chain) as watcher:
                bundle = mode.obtain(chain, list(domains))
            chain.verify_certificate(bundle, domains)
            left = chain.values()
            if left:
                raise E2EError(f"values left in dcvd after the client's cleanup: {left}")
            # hosts validated at: the apex of a wildcard is the host (DESIGN.md §2)
            hosts = {domain.removeprefix("*.") for domain in domains}
            expected = {host: domains.count(host) + domains.count("*." + host) for host in hosts}
            if not mode.publishes_at_once:
                expected = {host: 1 for host in hosts}
            if watcher.peak != expected:
                raise E2EError(f"most values at once per host: {watcher.peak} in "
                               f"{watcher.samples} samples of the store, expected {expected}; "
                               f"sampling errors: {watcher.errors[:3]}")
            self.report(chain, mode, watcher)

    def report(self, chain, mode, watcher=None):
        timings = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in chain.timings.items())
        peak = f"; most values at once {watcher.peak}" if watcher else ""
        print(f"\n  {mode.name}: {timings}{peak}", file=sys.stderr, end=" ", flush=True)


class Lego(AcmeTestCase):
    def test_exec_cli_www(self):
        self.order(LEGO_EXEC_CLI, WWW)

    def test_exec_cli_apex_and_wildcard(self):
        self.order(LEGO_EXEC_CLI, APEX_AND_WILDCARD)

    def test_exec_wrong_value_is_refused(self):
        """The negative control: the CA really reads dcvd's answer, so a wrong value fails."""
        with self.chain() as chain:
            with self.assertRaises(E2EError):
                LEGO_EXEC_WRONG.obtain(chain, list(WWW))
            log = chain.path("lego-exec-wrong.log").read_text(errors="replace")
            # pebble found TXT records at the name (dcvd served them) but not the right value
            self.assertIn("Correct value not found for DNS challenge", log, log)
            self.assertFalse(list(chain.path("lego-exec-wrong").rglob("*.crt")),
                             "lego saved a certificate although validation failed")
            self.report(chain, LEGO_EXEC_WRONG)

    def test_httpreq_www(self):
        self.order(LEGO_HTTPREQ, WWW)

    def test_httpreq_apex_and_wildcard(self):
        self.order(LEGO_HTTPREQ, APEX_AND_WILDCARD)


class Certbot(AcmeTestCase):
    def test_manual_cli_www(self):
        self.order(CERTBOT_CLI, WWW)

    def test_manual_cli_apex_and_wildcard(self):
        self.order(CERTBOT_CLI, APEX_AND_WILDCARD)

    def test_manual_native_www(self):
        self.order(CERTBOT_NATIVE, WWW)

    def test_manual_native_apex_and_wildcard(self):
        self.order(CERTBOT_NATIVE, APEX_AND_WILDCARD)


class Hook(unittest.TestCase):
    """dcvd-hook.sh alone, against a dcvd without the rest of the chain."""

    def test_maps_every_name_form_and_takes_values_beginning_with_a_dash(self):
        # A base64url digest begins with "-" once in 64 orders; without `--` the CLI would read
        # it as an option and the order would fail at random.
        value = "-Ab" + "c" * 40
        with harness.standalone_dcvd(DCVD_BINARY) as dcvd:
            env = client_environment(dcvd.hook_environment("cli"))
            for name in ("_acme-challenge.WWW.example.test.", "www.example.test.validation.test.",
                         "*.www.example.test", "www.example.test"):
                for action, expected in (("present", [("www.example.test", value)]),
                                         ("cleanup", [])):
                    result = subprocess.run([str(HOOK), action, name, value], env=env,
                                            capture_output=True, text=True, timeout=30)
                    self.assertEqual(result.returncode, 0, f"{action} {name}: {result.stderr}")
                    self.assertEqual(dcvd.values(), expected, f"after {action} {name}")
