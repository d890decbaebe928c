#!/usr/bin/env python3
"""fuzz/make_seeds.py: writes the seed queries of fuzz/corpus/answer and fuzz/corpus/wire, and
the seed replies of fuzz/corpus/dns_reply.

Small real queries against the fuzz zone (validation.example.net.) plus a few malformed ones, and
replies to the checker's question (fuzz_dns_reply.cpp); run from anywhere, it rewrites the
seed-* files (corpus files found by fuzzing are kept).
"""
import pathlib
import struct

APEX = "validation.example.net."
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "TXT": 16, "AAAA": 28, "OPT": 41, "AXFR": 252, "ANY": 255}


def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def header(flags=0, qd=1, an=0, ns=0, ar=0, ident=0x2a2a):
    return struct.pack(">HHHHHH", ident, flags, qd, an, ns, ar)


def question(qname, qtype="TXT", qclass=1):
    return name(qname) + struct.pack(">HH", TYPES[qtype], qclass)


def opt(payload=1232, version=0, do=False, options=b""):
    ttl = (version << 16) | (0x8000 if do else 0)
    return b"\x00" + struct.pack(">HHIH", TYPES["OPT"], payload, ttl, len(options)) + options


def query(qname, qtype="TXT", flags=0x0100, edns=None, qclass=1):
    if edns is None:
        return header(flags) + question(qname, qtype, qclass)
    return header(flags, ar=1) + question(qname, qtype, qclass) + edns


def target(host):
    return host + "." + APEX


SEEDS = {
    "txt-target": query(target("www.example.com")),
    "txt-target-edns": query(target("www.example.com"), edns=opt()),
    "txt-big-edns4096": query(target("big.example.com"), edns=opt(4096)),
    "txt-big-noedns": query(target("big.example.com")),
    "txt-expired": query(target("expired.example.com"), edns=opt()),
    "txt-mixed-case": query("WwW.Example.COM.Validation.Example.Net."),
    "soa-apex": query(APEX, "SOA", edns=opt()),
    "ns-apex": query(APEX, "NS"),
    "any-apex": query(APEX, "ANY", edns=opt()),
    "any-target": query(target("www.example.com"), "ANY"),
    "a-static-owner": query("_static." + APEX, "A"),
    "nxdomain": query(target("nobody.example.net"), edns=opt(512)),
    "empty-nonterminal": query(target("example.org")),
    "refused-outside": query("www.example.org.", "A"),
    "refused-chaos": query("version.bind.", "TXT", qclass=3),
    "axfr": query(APEX, "AXFR"),
    "notify": header(0x2000 | 0x0400) + question(APEX, "SOA"),
    "badvers": query(target("www.example.com"), edns=opt(1232, version=1)),
    "edns-options-do": query(target("www.example.com"),
                             edns=opt(4096, do=True, options=b"\x00\x0a\x00\x08" + b"12345678")),
    "two-opts": header(ar=2) + question(target("www.example.com")) + opt() + opt(),
    "no-question-opt": header(qd=0, ar=1) + opt(),
    "answer-record-compressed": header(an=1) + question(APEX, "SOA")
    + b"\xc0\x0c" + struct.pack(">HHIH", TYPES["A"], 1, 60, 4) + bytes([192, 0, 2, 1]),
    "qr-set": header(0x8400) + question(APEX, "SOA"),
    "truncated": query(target("www.example.com"))[:20],
    "pointer-loop": header() + b"\x01a\xc0\x0c" + struct.pack(">HH", 16, 1),
    "label-type-0x40": header() + b"\x41a\x00" + struct.pack(">HH", 16, 1),
}

CHECKED = "_acme-challenge.www.example.com."  # fuzz_dns_reply.cpp's question, TXT, ID 0x2a2a


def record(rtype, rdata, owner=b"\xc0\x0c"):
    return owner + struct.pack(">HHIH", TYPES[rtype], 1, 60, len(rdata)) + rdata


def txt(text):
    return bytes([len(text)]) + text.encode()


REPLY_SEEDS = {
    "txt": header(0x8400, an=1) + question(CHECKED) + record("TXT", txt("token")),
    "cname": header(0x8400, an=1) + question(CHECKED)
    + record("CNAME", name("www.example.com.validation.example.net.")),
    "truncated-flag": header(0x8600) + question(CHECKED),
    "edns": header(0x8400, an=1, ar=1) + question(CHECKED) + record("TXT", txt("t")) + opt(),
    "upper-case": header(0x8400) + question(CHECKED.upper()),
    "other-id": header(0x8400, ident=0x2a2b) + question(CHECKED),
    "other-name": header(0x8400) + question("www.example.com."),
    "not-a-response": header(0x0000) + question(CHECKED),
    "servfail": header(0x8402) + question(CHECKED),
    "cut-short": (header(0x8400, an=1) + question(CHECKED) + record("TXT", txt("token")))[:40],
}


def write_seeds(directory, seeds):
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("seed-*"):
        old.unlink()
    for label, data in seeds.items():
        (directory / f"seed-{label}").write_bytes(data)


def main():
    root = pathlib.Path(__file__).resolve().parent / "corpus"
    for corpus in ("answer", "wire"):
        write_seeds(root / corpus, SEEDS)
    write_seeds(root / "dns_reply", REPLY_SEEDS)


if __name__ == "__main__":
    main()
