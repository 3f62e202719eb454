#!/usr/bin/env python3
"""jl2csv round trip: feeds varied JSON records to jl2csv and reads its output
back with Python's csv module; every cell must equal the value computed here
from the JSON input by the rules of jl2csv(1):
strings decoded, numbers exactly as written, true/false, null and missing as
the --null text, objects and arrays as compact JSON."""
import argparse
import csv
import io
import json
import random
import subprocess
import sys

NUMBERS = ["0", "-0", "1", "-17", "1.50", "2.0e10", "1E-7", "-0.000", "12345678901234567890123",
           "3.141592653589793238462643383279", "1e400", "-1.5e+3", "100"]
PIECES = ["plain", "a,b", 'say "hi"', "line\nbreak", "cr\rhere", "crlf\r\n", "tab\tin", "back\\slash",
          "üñí", "日本語", "😀", " lead", "trail ", "", ";", "'single'", "=1+2", "\x01ctl", "quote\"", "\"", ",", "\n"]


def json_string(s, rng):
    """s as JSON text, with escapes chosen at random (\\uXXXX, surrogates, \\/)."""
    out = ['"']
    for ch in s:
        cp = ord(ch)
        r = rng.random()
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif cp < 0x20:
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, "\\u%04x" % cp) if r < 0.7 else "\\u%04X" % cp)
        elif r < 0.15 and cp < 0x10000:
            out.append("\\u%04x" % cp)
        elif r < 0.15:
            v = cp - 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)))
        elif ch == "/" and r < 0.5:
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def sp(rng):
    return rng.choice(["", "", "", " ", "  ", "\t"])


def gen_value(rng, depth):
    """Returns (json_text, expected_cell_or_None_for_null)."""
    k = rng.randrange(8 if depth < 2 else 5)
    if k == 0:
        return "null", None
    if k == 1:
        b = rng.choice(["true", "false"])
        return b, b
    if k == 2:
        n = rng.choice(NUMBERS)
        return n, n
    if k in (3, 4):
        s = "".join(rng.choice(PIECES) for _ in range(rng.randrange(4)))
        return json_string(s, rng), s
    if k in (5, 6):
        items = [gen_value(rng, depth + 1)[0] for _ in range(rng.randrange(3))]
        text = "[" + sp(rng) + ("," + sp(rng)).join(items) + sp(rng) + "]"
    else:
        members = []
        for i in range(rng.randrange(3)):
            members.append(json_string("k%d" % i, rng) + sp(rng) + ":" + sp(rng) + gen_value(rng, depth + 1)[0])
        text = "{" + sp(rng) + ("," + sp(rng)).join(members) + sp(rng) + "}"
    return text, minify(text)


def minify(text):
    out, in_str, esc = [], False, False
    for ch in text:
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch in " \t\r\n":
            continue
        else:
            out.append(ch)
            in_str = ch == '"'
    return "".join(out)


COLUMNS = ["a", "b", "c.d", "e"]


def gen_records(rng, n):
    records = []
    for _ in range(n):
        cells, members = {}, []
        for col in ("a", "b", "e"):
            if rng.random() < 0.85:
                text, cell = gen_value(rng, 0)
                members.append(json_string(col, rng) + ":" + text)
                cells[col] = cell
        if rng.random() < 0.8:
            text, cell = gen_value(rng, 1)
            members.append('"c":{"d":' + text + "}")
            cells["c.d"] = cell
        rng.shuffle(members)
        records.append(("{" + ",".join(members) + "}", cells))
    return records


def run(jl2csv, args, data):
    p = subprocess.run([jl2csv] + args, input=data.encode(), capture_output=True)
    if p.returncode != 0:
        sys.exit("jl2csv %s failed (%d): %s" % (args, p.returncode, p.stderr.decode()))
    return p.stdout.decode()


def tsv_unescape(cell):
    out, i = [], 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[cell[i + 1]])
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jl2csv", required=True)
    ap.add_argument("--records", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261121)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    records = gen_records(rng, a.records)
    data = "".join(text + "\n" for text, _ in records)
    for text, _ in records:  # the generator itself must write valid JSON
        json.loads(text)
    fields = "a,b,c.d,e"
    cases = [
        ("csv", ["-f", fields], ",", None, False),
        ("quote-all", ["-f", fields, "--quote-all"], ",", None, False),
        ("crlf", ["-f", fields, "--crlf"], ",", None, False),
        ("semicolon", ["-f", fields, "--delimiter", ";"], ";", None, False),
        ("tab-csv", ["-f", fields, "--delimiter", "\\t"], "\t", None, False),
        ("null", ["-f", fields, "--null", "NULL"], ",", "NULL", False),
        ("tsv", ["-f", fields, "--tsv"], "\t", None, True),
        ("single-column", ["-f", "b"], ",", None, False),
    ]
    failures = 0
    for name, args, delim, null, tsv in cases:
        out = run(a.jl2csv, args, data)
        if tsv:
            rows = [line.split("\t") for line in out.split("\n")[:-1]]
            rows = [[tsv_unescape(c) for c in row] for row in rows]
        else:
            rows = list(csv.reader(io.StringIO(out, newline=""), delimiter=delim))
        cols = args[1].split(",")
        if rows[0] != cols:
            print("%s: header %r" % (name, rows[0]))
            failures += 1
        body = rows[1:]
        if len(body) != len(records):
            print("%s: %d rows for %d records" % (name, len(body), len(records)))
            failures += 1
            continue
        for i, ((text, cells), row) in enumerate(zip(records, body)):
            want = [cells.get(c) for c in cols]
            want = [(null or "") if w is None else w for w in want]
            if row != want:
                failures += 1
                if failures < 10:
                    print("%s: record %d %s\n  want %r\n  got  %r" % (name, i + 1, text, want, row))
    # Inferred header: the union of leaf paths in first-seen order.
    out = run(a.jl2csv, [], data)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    if sorted(rows[0]) != sorted(set(rows[0])) or not set(rows[0]) >= {"a", "b", "e"}:
        print("inferred header: %r" % rows[0])
        failures += 1
    print("%d records x %d modes: %d mismatches" % (len(records), len(cases), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
