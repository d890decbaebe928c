"""bench/dnsmsg.py: the few DNS messages the write benchmark needs, packed by hand (RFC 1035
§4.1): a TXT query, an RFC 2136 UPDATE that adds or deletes one TXT record, signed with TSIG
(RFC 8945, hmac-sha256) when a key is given, and a reader for the rcode and TXT answers."""

import hmac
import hashlib
import struct
import time

TYPE_TXT, TYPE_SOA, TYPE_OPT, TYPE_TSIG = 16, 6, 41, 250
CLASS_IN, CLASS_NONE, CLASS_ANY = 1, 254, 255
OPCODE_UPDATE = 5


def wire_name(name):
    """A name in wire form, lower-cased (TSIG wants the canonical form; DNS ignores case)."""
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            raw = label.lower().encode("ascii")
            out += bytes([len(raw)]) + raw
    return out + b"\x00"


def txt_rdata(value):
    raw = value.encode("ascii")
    if len(raw) > 255:
        raise ValueError("a TXT character-string holds at most 255 octets")
    return bytes([len(raw)]) + raw


def query(name, qtype=TYPE_TXT, qid=0, payload=1232):
    """A query without recursion desired (an authoritative server's question), with an EDNS
    OPT record (RFC 6891) offering `payload` octets: 8 values at a name exceed 512."""
    return struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 1) + wire_name(name) + \
        struct.pack("!HH", qtype, CLASS_IN) + b"\x00" + struct.pack("!HHIH", TYPE_OPT, payload,
                                                                    0, 0)


def update(zone, name, value, add=True, ttl=60, qid=0, key=None):
    """RFC 2136 UPDATE of `zone`: add (class IN) or delete (§2.5.4: class NONE, TTL 0) the TXT
    record `value` at `name`. `key` is (key name, secret bytes) to sign it with TSIG."""
    rdata = txt_rdata(value)
    rr = wire_name(name) + struct.pack("!HHIH", TYPE_TXT, CLASS_IN if add else CLASS_NONE,
                                       ttl if add else 0, len(rdata)) + rdata
    zone_section = wire_name(zone) + struct.pack("!HH", TYPE_SOA, CLASS_IN)
    header = struct.pack("!HHHHHH", qid, OPCODE_UPDATE << 11, 1, 0, 1, 0)
    message = header + zone_section + rr
    return sign(message, key) if key else message


def sign(message, key, now=None, fudge=300):
    """`message` with a TSIG record (RFC 8945 §4.3.3: the MAC covers the message and the TSIG
    variables) appended and ARCOUNT raised by one."""
    key_name, secret = key
    algorithm = wire_name("hmac-sha256")
    signed = int(now if now is not None else time.time())
    time_fudge = struct.pack("!HIH", signed >> 32, signed & 0xFFFFFFFF, fudge)
    variables = wire_name(key_name) + struct.pack("!HI", CLASS_ANY, 0) + algorithm + \
        time_fudge + struct.pack("!HH", 0, 0)
    mac = hmac.new(secret, message + variables, hashlib.sha256).digest()
    qid = struct.unpack("!H", message[:2])[0]
    rdata = algorithm + time_fudge + struct.pack("!H", len(mac)) + mac + \
        struct.pack("!HHH", qid, 0, 0)
    tsig = wire_name(key_name) + struct.pack("!HHIH", TYPE_TSIG, CLASS_ANY, 0, len(rdata)) + rdata
    arcount = struct.unpack("!H", message[10:12])[0] + 1
    return message[:10] + struct.pack("!H", arcount) + message[12:] + tsig


def _skip_name(msg, at):
    while True:
        length = msg[at]
        if length == 0:
            return at + 1
        if length & 0xC0 == 0xC0:
            return at + 2
        at += 1 + length


def parse(msg):
    """(id, rcode, [TXT strings of the answer section]); a multi-string TXT is joined."""
    qid, flags, qdcount, ancount = struct.unpack("!HHHH", msg[:8])
    at = 12
    for _ in range(qdcount):
        at = _skip_name(msg, at) + 4
    values = []
    for _ in range(ancount):
        at = _skip_name(msg, at)
        rtype, _, _, rdlen = struct.unpack("!HHIH", msg[at:at + 10])
        at += 10
        if rtype == TYPE_TXT:
            rdata, parts, i = msg[at:at + rdlen], [], 0
            while i < len(rdata):
                parts.append(rdata[i + 1:i + 1 + rdata[i]].decode("ascii", "replace"))
                i += 1 + rdata[i]
            values.append("".join(parts))
        at += rdlen
    return qid, flags & 0x0F, values


def soa_serial(msg):
    """The serial of the first SOA in the answer section, or None."""
    qdcount, ancount = struct.unpack("!HH", msg[4:8])
    at = 12
    for _ in range(qdcount):
        at = _skip_name(msg, at) + 4
    for _ in range(ancount):
        at = _skip_name(msg, at)
        rtype, _, _, rdlen = struct.unpack("!HHIH", msg[at:at + 10])
        at += 10
        if rtype == TYPE_SOA:
            rdata_at = _skip_name(msg, _skip_name(msg, at))  # MNAME, RNAME
            return struct.unpack("!I", msg[rdata_at:rdata_at + 4])[0]
        at += rdlen
    return None
