#!/usr/bin/env python3
"""jlenrich --hash against an independent implementation of the canonical
encoding documented in jlenrich(1) (and libcommon/json/digest.hpp): equal
values must give equal digests however they are written, and each digest
must be the documented SHA-256 prefix."""
import argparse
import decimal
import hashlib
import json
import random
import subprocess
import sys


def canon_number(text):
    d = decimal.Decimal(text)
    if d == 0:
        return "N0;"
    sign, digits, exp = d.as_tuple()
    s = "".join(map(str, digits)).lstrip("0")
    # int(s) x 10^exp == 0.s x 10^(len(s) + exp); trailing zeros do not move the point.
    return "N" + ("-" if sign else "") + s.rstrip("0") + "e" + str(len(s) + exp) + ";"


def canon(v):
    if v is None:
        return "n"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        b = v.encode("utf-8", "surrogatepass")
        return "S%d:" % len(b) + b.decode("utf-8", "surrogatepass")
    if isinstance(v, decimal.Decimal):
        return canon_number(str(v))
    if isinstance(v, list):
        return "A%d:" % len(v) + "".join(canon(x) for x in v)
    items = sorted(v.items(), key=lambda kv: kv[0].encode("utf-8"))
    return "O%d:" % len(items) + "".join(canon(k) + canon(x) for k, x in items)


def digest(values):
    enc = "".join(canon(v) for v in values).encode("utf-8")
    return hashlib.sha256(enc).hexdigest()[:16]


# Pairs of texts for the same value.
SAME = [('"a"', '"\\u0061"'), ("1", "1.0"), ("1", "1e0"), ("100", "1E2"), ("0.5", "5e-1"), ("0", "-0.0"),
        ('{"a":1,"b":[true,null]}', '{ "b" : [ true , null ] , "a" : 1.00 }'), ('"é"', '"\\u00e9"'),
        ('"😀"', '"\\ud83d\\ude00"'), ("123456789012345678901234567890", "1.2345678901234567890123456789e29")]
DIFFERENT = [('"1"', "1"), ("[]", "{}"), ('""', "null"), ("true", '"true"'), ("0.1", "0.10000000000000001"),
             ("12345678901234567890", "12345678901234567891")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlenrich", required=True)
    a = ap.parse_args()
    lines, expect = [], []
    for x, y in SAME + DIFFERENT:
        for t in (x, y):
            lines.append('{"v":%s,"w":"x"}' % t)
            value = json.loads(t, parse_float=decimal.Decimal, parse_int=decimal.Decimal)
            expect.append(digest([value, "x"]))
    # ("x","yz") against ("xy","z"): the encoding delimits values.
    lines += ['{"v":"x","w":"yz"}', '{"v":"xy","w":"z"}']
    expect += [digest(["x", "yz"]), digest(["xy", "z"])]
    rng = random.Random(7)
    for _ in range(200):
        v = {"n": rng.choice([rng.randint(-10**20, 10**20), rng.random() * 10 ** rng.randint(-5, 5)]),
             "s": "".join(rng.choice("ab\"\\é😀\n") for _ in range(rng.randrange(6)))}
        text = json.dumps(v)
        lines.append('{"v":%s,"w":"x"}' % text)
        expect.append(digest([json.loads(text, parse_float=decimal.Decimal, parse_int=decimal.Decimal), "x"]))
    p = subprocess.run([a.jlenrich, "--hash", "h=.v,.w", "--keep", ".h"], input="\n".join(lines).encode() + b"\n",
                       capture_output=True, check=True)
    got = [json.loads(l)["h"] for l in p.stdout.decode().splitlines()]
    failures = 0
    for line, g, e in zip(lines, got, expect):
        if g != e:
            failures += 1
            print("digest of %s: got %s, want %s" % (line, g, e))
    if len(got) != len(expect):
        print("%d digests for %d records" % (len(got), len(expect)))
        failures += 1
    for i, _ in enumerate(SAME):
        if got[2 * i] != got[2 * i + 1]:
            failures += 1
            print("same value, different digests: %s %s" % (lines[2 * i], lines[2 * i + 1]))
    base = 2 * len(SAME)
    for i, _ in enumerate(DIFFERENT):
        if got[base + 2 * i] == got[base + 2 * i + 1]:
            failures += 1
            print("different values, same digest: %s %s" % (lines[base + 2 * i], lines[base + 2 * i + 1]))
    n = base + 2 * len(DIFFERENT)
    if got[n] == got[n + 1]:
        failures += 1
        print('("x","yz") and ("xy","z") share a digest')
    print("%d digests checked: %d failures" % (len(got), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
