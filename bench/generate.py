#!/usr/bin/env python3
"""bench/generate.py: the benchmark data set. N targets with realistic customer hostnames and
1-2 DNS-01 digests each, written as dcvd's import file, zone files for dcvd (static part only)
and for Knot/NSD (static part plus the same TXT records), and dnsperf query files. Deterministic
for a given seed; standard library only."""

import argparse
import base64
import hashlib
import itertools
import json
import os
import random
import sys

from machine import log


class Weighted:
    """A (value, weight) table with its cumulative weights computed once."""

    def __init__(self, table):
        self.values = [v for v, _ in table]
        self.cum_weights = list(itertools.accumulate(w for _, w in table))

    def draw(self, rng):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


DEFAULT_APEX = "validation.bench.example."
DEFAULT_TTL = 60
# RFC 2308 §5: the negative TTL is min(SOA TTL, SOA MINIMUM); 60 s, as a validation zone wants
# a retried challenge lookup to see a freshly published value soon.
SOA_MINIMUM = 60

TLDS = Weighted((
    ("com", 40), ("net", 8), ("org", 6), ("de", 6), ("co.uk", 5), ("fr", 3), ("nl", 3),
    ("io", 3), ("com.au", 2), ("co.jp", 2), ("ca", 2), ("es", 2), ("it", 2), ("ch", 2),
    ("se", 1), ("pl", 1), ("com.br", 2), ("shop", 2), ("app", 2), ("dev", 2), ("online", 1),
    ("store", 1), ("eu", 1), ("us", 1),
))
WORDS = (
    "acme", "alpine", "amber", "anchor", "apex", "arrow", "atlas", "aurora", "bakery", "bay",
    "beacon", "bear", "birch", "blue", "bolt", "bright", "brook", "cafe", "canyon", "capital",
    "cedar", "city", "civic", "cloud", "coast", "copper", "coral", "craft", "crest", "crown",
    "data", "delta", "desert", "digital", "eagle", "east", "echo", "edge", "elm", "ember",
    "falcon", "farm", "fern", "field", "fire", "fleet", "forest", "fox", "garden", "gate",
    "global", "gold", "granite", "green", "grove", "harbor", "hawk", "health", "hill", "home",
    "horizon", "iron", "island", "jade", "key", "lake", "lantern", "leaf", "legal", "light",
    "lime", "link", "lotus", "maple", "market", "media", "meadow", "metro", "mint", "moon",
    "motion", "mountain", "nexus", "north", "nova", "oak", "ocean", "olive", "orbit", "orchid",
    "panda", "peak", "pearl", "pine", "pixel", "plaza", "polar", "prime", "pulse", "quartz",
    "rapid", "raven", "red", "ridge", "river", "rock", "rose", "royal", "sage", "sail",
    "salt", "sand", "shore", "silver", "sky", "solar", "south", "spark", "spring", "star",
    "stone", "summit", "sun", "swift", "tech", "terra", "tide", "tiger", "timber", "trail",
    "travel", "tree", "union", "urban", "valley", "vertex", "vista", "wave", "west", "wild",
    "willow", "wind", "wolf", "wood", "works", "yard", "zen", "zephyr",
)
SUFFIXES = ("", "", "", "shop", "labs", "group", "hq", "online", "studio", "systems", "co")
# Unicode words whose IDNA A-labels (xn--...) stand in for internationalized customer domains.
UNICODE_WORDS = (
    "münchen", "bücher", "köln", "zürich", "café", "españa", "señor", "göteborg", "malmö",
    "kraków", "łódź", "česko", "ærø", "düsseldorf", "göttingen", "東京", "日本語", "пример",
    "москва", "ελλάδα", "한국", "中文网", "ไทย", "résumé", "façade", "jalapeño",
)
PREFIXES = Weighted((
    ("www", 40), ("shop", 5), ("api", 5), ("mail", 4), ("app", 4), ("blog", 3), ("cdn", 2),
    ("static", 2), ("m", 2), ("store", 2), ("portal", 2), ("secure", 1), ("login", 1),
    ("admin", 1), ("dev", 1), ("staging", 1), ("status", 1), ("docs", 1), ("help", 1),
    ("support", 1), ("media", 1), ("img", 1), ("assets", 1), ("auth", 1), ("my", 2),
    ("account", 1), ("checkout", 1), ("news", 1), ("beta", 1), ("shop-eu", 1), ("en", 1),
))
REGIONS = ("eu-west-1", "us-east-1", "ap-south-1", "eu-central", "us-west-2", "fra1", "ams3")
ENVIRONMENTS = ("prod", "stage", "edge", "internal", "origin")
# Forms of host under a registrable domain: the domain itself (the apex of a wildcard order),
# one label in front, a deep name, a numbered tenant label.
FORMS = Weighted((("bare", 12), ("prefix", 74), ("deep", 11), ("tenant", 3)))


class Generator:
    """Draws hostnames and values from one seeded random stream, in a fixed order."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def registrable_label(self):
        rng = self.rng
        if rng.random() < 0.01:
            word = rng.choice(UNICODE_WORDS)
            if rng.random() < 0.5:
                word += "-" + rng.choice(UNICODE_WORDS)
            return word.encode("idna").decode("ascii")
        shape = rng.random()
        if shape < 0.35:
            label = rng.choice(WORDS) + rng.choice(WORDS)
        elif shape < 0.55:
            label = rng.choice(WORDS) + "-" + rng.choice(WORDS)
        elif shape < 0.75:
            label = rng.choice(WORDS) + rng.choice(SUFFIXES)
        else:
            label = rng.choice(WORDS) + rng.choice(WORDS) + str(rng.randrange(1, 1000))
        return label

    def registrable_domain(self):
        return self.registrable_label() + "." + TLDS.draw(self.rng)

    def host_under(self, domain):
        rng = self.rng
        form = FORMS.draw(rng)
        if form == "bare":
            return domain
        if form == "prefix":
            return PREFIXES.draw(rng) + "." + domain
        if form == "deep":
            first = PREFIXES.draw(rng)
            if rng.random() < 0.5:
                return f"{first}.{rng.choice(REGIONS)}.{rng.choice(ENVIRONMENTS)}.{domain}"
            return f"{first}.{PREFIXES.draw(rng)}.{domain}"
        return f"c{rng.randrange(1, 100000)}.tenants.{domain}"

    def value(self):
        # A DNS-01 value is base64url(SHA-256(key authorization)) without padding: 43 chars.
        return base64.urlsafe_b64encode(self.rng.randbytes(32)).decode("ascii").rstrip("=")

    def hosts(self, count):
        """`count` distinct hosts; about three hosts per registrable domain."""
        domains = []
        seen_domains = set()
        while len(domains) < max(1, count // 3):
            domain = self.registrable_domain()
            if domain not in seen_domains:
                seen_domains.add(domain)
                domains.append(domain)
        hosts = []
        seen = set()
        while len(hosts) < count:
            host = self.host_under(self.rng.choice(domains))
            if host not in seen:
                seen.add(host)
                hosts.append(host)
        return hosts


def ancestors(hosts):
    """Every host and every name above it (its empty non-terminals below the apex)."""
    names = set()
    for host in hosts:
        labels = host.split(".")
        for i in range(len(labels)):
            names.add(".".join(labels[i:]))
    return names


def nxdomain_hosts(gen, count, existing):
    """Hosts under registrable domains that hold no target: their targets answer NXDOMAIN."""
    rng = gen.rng
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    names = []
    while len(names) < count:
        domain = "".join(rng.choices(letters, k=12)) + "." + TLDS.draw(rng)
        host = gen.host_under(domain)
        if domain not in existing and host not in existing:
            names.append(host)
    return names


def static_zone_text(apex):
    ns1, ns2 = "ns1." + apex, "ns2." + apex
    return "\n".join(
        [
            "; the static part of the benchmark's validation zone (bench/generate.py)",
            "$TTL 3600",
            f"{apex} 3600 IN SOA {ns1} hostmaster.{apex} 1 7200 3600 1209600 {SOA_MINIMUM}",
            f"{apex} 3600 IN NS {ns1}",
            f"{apex} 3600 IN NS {ns2}",
            f"{ns1} 3600 IN A 192.0.2.53",
            f"{ns1} 3600 IN AAAA 2001:db8::53",
            f"{ns2} 3600 IN A 198.51.100.53",
            f"{ns2} 3600 IN AAAA 2001:db8:1::53",
            "",
        ]
    )


def write_lines(path, lines):
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(lines))
        f.write("\n")


def generator_digest():
    """Identifies this generator's code, so that a kept data set made by another is redone."""
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def generate(args):
    apex = args.apex if args.apex.endswith(".") else args.apex + "."
    gen = Generator(args.seed)
    hosts = gen.hosts(args.targets)
    values = [[gen.value() for _ in range(1 if gen.rng.random() < 0.7 else 2)] for _ in hosts]
    for host in hosts:
        # A name takes its dotted text length (final dot included) + 1 octets on the wire, at
        # most 255; keep every target a plain <host>.<apex> name
        # (dcvd hashes longer ones, which Knot and NSD would not know to do).
        if len(host) + 1 + len(apex) + 1 > 255:
            raise SystemExit(f"generate: host too long for a plain target: {host}")

    os.makedirs(args.out, exist_ok=True)

    def out(name):
        return os.path.join(args.out, name)

    static = static_zone_text(apex)
    with open(out("static.zone"), "w", encoding="ascii") as f:
        f.write(static)
    write_lines(
        out("full.zone"),
        itertools.chain(
            [static.rstrip("\n"), f"; {len(hosts)} targets, as published from targets.tsv"],
            (f'{host}.{apex} {args.ttl} IN TXT "{value}"'
             for host, vals in zip(hosts, values) for value in vals),
        ),
    )
    write_lines(
        out("targets.tsv"),
        (f"{host}\t{value}\t{args.ttl}" for host, vals in zip(hosts, values) for value in vals),
    )

    # Query files: dnsperf's "name type" lines, in a seeded random order.
    rng = gen.rng
    n_nx = round(args.queries * 0.10)
    n_apex = round(args.queries * 0.05)
    n_hits = args.queries - n_nx - n_apex
    hit_lines = [f"{h}.{apex} TXT" for h in rng.choices(hosts, k=n_hits)]
    nx_lines = [f"{h}.{apex} TXT" for h in nxdomain_hosts(gen, n_nx, ancestors(hosts))]
    apex_lines = [f"{apex} {'SOA' if i % 2 == 0 else 'NS'}" for i in range(n_apex)]
    mixed = hit_lines + nx_lines + apex_lines
    rng.shuffle(mixed)
    write_lines(out("queries-mixed.txt"), mixed)
    write_lines(out("queries-hits.txt"),
                (f"{h}.{apex} TXT" for h in rng.choices(hosts, k=args.queries)))

    manifest = {
        "apex": apex,
        "seed": args.seed,
        "generator": generator_digest(),
        "targets": len(hosts),
        "values": sum(len(v) for v in values),
        "ttl": args.ttl,
        "queries": args.queries,
        "mixed_share": {"NOERROR": (n_hits + n_apex) / args.queries,
                        "NXDOMAIN": n_nx / args.queries},
        "files": {
            "import": "targets.tsv",
            "static_zone": "static.zone",
            "full_zone": "full.zone",
            "queries_mixed": "queries-mixed.txt",
            "queries_hits": "queries-hits.txt",
        },
        # Readiness probes: the last target written (so a server answering it has loaded all)
        # and a name that must answer NXDOMAIN.
        "probe": {"name": f"{hosts[-1]}.{apex}", "values": values[-1]},
        "probe_nxdomain": nx_lines[0].split()[0] if nx_lines else f"nx-probe.invalid-test.{apex}",
    }
    with open(out("dataset.json"), "w", encoding="ascii") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def load_or_generate(data_dir, targets):
    """The data set of `targets` targets in `data_dir`: reused when its manifest matches (same
    size, seed and generator), else generated there. The manifest gains "dir"."""
    manifest_path = os.path.join(data_dir, "dataset.json")
    gen_args = parse_args(["--out", data_dir, "--targets", str(targets)])
    try:
        with open(manifest_path, encoding="ascii") as f:
            manifest = json.load(f)
        if (manifest["targets"] != targets or manifest["seed"] != gen_args.seed
                or manifest["generator"] != generator_digest()):
            raise ValueError("different data set")
        log(f"reusing data set {data_dir}")
    except (OSError, ValueError, KeyError):
        log(f"generating {targets} targets into {data_dir}")
        manifest = generate(gen_args)
    manifest["dir"] = data_dir
    return manifest


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Generate the dnsperf benchmark data set: dcvd's import file (targets.tsv: "
        "HOST<TAB>VALUE<TAB>TTL), static.zone (SOA/NS/glue, for dcvd), full.zone (the same plus "
        "every TXT record, for Knot and NSD), queries-mixed.txt (85% TXT hits, 10% NXDOMAIN, "
        "5% apex SOA/NS), queries-hits.txt (TXT hits only) and dataset.json (what was made).")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--targets", type=int, default=100_000, help="number of targets (100000)")
    p.add_argument("--queries", type=int, default=500_000,
                   help="lines per query file (500000; dnsperf cycles through it)")
    p.add_argument("--apex", default=DEFAULT_APEX, help=f"validation zone ({DEFAULT_APEX})")
    p.add_argument("--ttl", type=int, default=DEFAULT_TTL, help="TTL of the TXT records (60)")
    p.add_argument("--seed", type=int, default=20260315, help="random seed (20260315)")
    args = p.parse_args(argv)
    if args.targets < 1 or args.queries < 20:
        p.error("--targets must be >= 1 and --queries >= 20")
    return args


def main(argv):
    manifest = generate(parse_args(argv))
    print(f"generate: {manifest['targets']} targets, {manifest['values']} values, "
          f"{manifest['queries']} queries per file, apex {manifest['apex']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
