#!/usr/bin/env python3
"""Bad input, end to end, for every JSON-lines program (jlfilter, jlenrich,
jl2csv), each run the simple way (`jlfilter true` and `jlfilter --strict
true`, `jlenrich --set x=1`, `jl2csv -f a,b` and `jl2csv --strict -f a,b`)
over each kind of bad input, with what their man pages and DESIGN.md promise:

- a bad record stops the run by default (`PROG: error: FILE:LINE: what`,
  status 1, the records before it written); `--on-error=skip` goes on and
  reports the count at the end (status 0); `--on-error=keep:FILE` goes on and
  writes each bad record verbatim to FILE; nothing is dropped silently;
- malformed records of many kinds between good lines; invalid UTF-8; NUL
  bytes; records that are not objects (bad for jlenrich and jl2csv, plain
  values for jlfilter);
- gzip cut in the middle, or followed by garbage: status 1 whatever
  --on-error says, everything decoded before the fault written;
- a line longer than --max-line (64M by default) stops the run, whatever
  --on-error says; a raised limit lets it through;
- empty input, blank lines, a byte order mark, CRLF line ends: not errors.

jlfilter without --strict reads only what EXPR reads: a record malformed
inside a value that `true` never reads may be printed as it is (the man
page's rule), but must then be printed verbatim; invalid UTF-8, control
characters in strings and NUL bytes are reported even there.
Usage: test_bad_input.py BIN_DIR [STATE_DIR]"""
import gzip
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zlib

from harness import check, finish

bin_dir = sys.argv[1]
tmp = tempfile.TemporaryDirectory(prefix="jlkit-bad-input-")
T = tmp.name


class Inv:
    """One representative invocation of a program."""

    def __init__(self, name, prog, args, strict):
        self.name, self.prog, self.args, self.strict = name, prog, args, strict

    def argv(self, *extra):
        return [os.path.join(bin_dir, self.prog)] + self.args + list(extra)

    def render(self, records):
        """The output for good records, given as (a, b): {"a":A,"b":"B"}."""
        if self.prog == "jlfilter":
            return b"".join(good(a, b) + b"\n" for a, b in records)
        if self.prog == "jlenrich":
            return b"".join(good(a, b)[:-1] + b',"x":1}\n' for a, b in records)
        return b"a,b\n" + b"".join(b"%d,%s\n" % (a, b.encode()) for a, b in records)


INVS = [
    Inv("jlfilter", "jlfilter", ["true"], False),
    Inv("jlfilter --strict", "jlfilter", ["--strict", "true"], True),
    Inv("jlenrich", "jlenrich", ["--set", "x=1"], True),
    Inv("jl2csv", "jl2csv", ["-f", "a,b"], False),
    Inv("jl2csv --strict", "jl2csv", ["--strict", "-f", "a,b"], True),
]


def good(a, b):
    return b'{"a":%d,"b":"%s"}' % (a, b.encode())


def run(argv, stdin=b"", name=""):
    """Runs a program; a crash (signal, sanitizer report) is a failure."""
    p = subprocess.run(argv, input=stdin, capture_output=True, timeout=120)
    err = p.stderr.decode("utf-8", "replace")
    check("no crash: " + name, p.returncode in (0, 1, 2) and "Sanitizer" not in err and "runtime error:" not in err,
          "status %d: %s" % (p.returncode, err[-300:]))
    return p.returncode, p.stdout, err


def write(name, data):
    path = os.path.join(T, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def error_line(prog, where):
    """The documented message of a stopping error: `PROG: error: WHERE: what`."""
    return re.compile(r"%s: error: %s: \S.*\n\Z" % (re.escape(prog), re.escape(where)))


# ---- malformed records, each as line 2 between two good ones ----

# Who may let a case through, and how: jlfilter without --strict (EXPR `true`
# reads no value) and jl2csv without --strict (only columns a and b are
# checked) may print such a record as it is, never drop it.
VALUE = {"jlfilter"}


class Case:
    def __init__(self, name, line, lenient=(), kind="malformed", kept=None, prefix=(), as_row=None):
        self.name, self.line, self.lenient, self.kind = name, line, set(lenient), kind
        self.kept = line if kept is None else kept  # what --on-error=keep writes
        self.prefix = list(prefix)  # good records the line starts with
        self.as_row = as_row  # (a, b) the line reads as where it may pass

    def expect(self, inv):
        """'bad', 'pass' (a plain value for jlfilter) or 'either'."""
        if self.kind == "nonobject":
            return "pass" if inv.prog == "jlfilter" else "bad"
        return "either" if inv.name in self.lenient else "bad"


CASES = [
    # structure: seen by every program in every mode
    Case("unterminated string", b'{"a":"abc}'),
    Case("unterminated string before members", b'{"a":"abc,"b":"x"}'),
    Case("missing colon", b'{"a" 1,"b":"x"}'),
    Case("missing comma", b'{"a":1 "b":"x"}'),
    Case("trailing comma", b'{"a":1,"b":"x",}'),
    Case("leading comma", b'{,"a":1}'),
    Case("unquoted key", b"{a:1}"),
    Case("single quotes", b"{'a':1}"),
    Case("bare word", b"hello"),
    Case("unclosed object", b'{"a":1,"b":"x"'),
    Case("unclosed nested object", b'{"a":{"c":1}'),
    Case("unclosed array", b'[{"a":1,"b":"x"}'),
    Case("mismatched brackets", b'{"a":[1,2}'),
    Case("close before the record", b'}{"a":1,"b":"x"}'),
    Case("a lone close", b"]"),
    # Several values may share a line: the object comes out, the stray
    # bracket after it is the bad record.
    Case("duplicated close", b'{"a":7,"b":"d"}}', kept=b"}", prefix=[(7, "d")]),
    Case("byte order mark inside the stream", b'\xef\xbb\xbf{"a":1,"b":"x"}'),
    # values: seen wherever the value is read or checked
    Case("bare word value", b'{"a":abc}', VALUE),
    Case("literal tru", b'{"a":tru}', VALUE),
    Case("literal nul", b'{"a":nul}', VALUE),
    Case("Python True", b'{"a":True}', VALUE),
    Case("number 01", b'{"a":01}', VALUE),
    Case("number -01", b'{"a":-01}', VALUE),
    Case("number 1.", b'{"a":1.}', VALUE),
    Case("number .5", b'{"a":.5}', VALUE),
    Case("number -", b'{"a":-}', VALUE),
    Case("number 1e", b'{"a":1e}', VALUE),
    Case("number 1.5e+", b'{"a":1.5e+}', VALUE),
    Case("number +1", b'{"a":+1}', VALUE),
    Case("number 0x10", b'{"a":0x10}', VALUE),
    Case("number NaN", b'{"a":NaN}', VALUE),
    Case("number -Infinity", b'{"a":-Infinity}', VALUE),
    Case("lone high surrogate escape", b'{"a":"\\ud800"}', VALUE),
    Case("lone low surrogate escape", b'{"a":"\\udc00x"}', VALUE),
    Case("high surrogate escape before a letter", b'{"a":"\\ud800\\u0041"}', VALUE),
    Case("high surrogate escape at the end", b'{"a":"x\\ud83d"}', VALUE),
    Case("escape \\x", b'{"a":"\\x41"}', VALUE),
    Case("short \\u escape", b'{"a":"\\u12"}', VALUE),
    Case("non-hex \\u escape", b'{"a":"\\u12G4"}', VALUE),
    Case("escaped single quote", b'{"a":"\\\'"}', VALUE),
    Case("trailing comma in a nested array", b'{"a":[1,2,]}', VALUE),
    Case("bad number in a nested object", b'{"a":{"c":01}}', VALUE),
    Case("lone surrogate escape in a nested key", b'{"a":{"\\ud800":1}}', VALUE),
    # control characters in strings: stage 1 sees them everywhere
    Case("raw tab in a string", b'{"a":"x\ty"}'),
    Case("raw 0x01 in a string", b'{"a":"x\x01y"}'),
    Case("raw 0x1f in a string", b'{"a":"\x1f"}'),
    Case("raw CR in a string", b'{"a":"x\ry"}'),
    # NUL bytes
    Case("NUL in a string", b'{"a":"x\x00y"}'),
    Case("NUL between members", b'{"a":1,\x00"b":"x"}'),
    Case("NUL before the record", b'\x00{"a":1,"b":"x"}'),
    Case("NUL after a number in a nested array", b'{"a":[1\x00]}'),
    Case("NUL in a member not written", b'{"a":1,"b":"x","c":[\x00]}', {"jl2csv"}, as_row=(1, "x")),
    Case("a run of NULs", b"\x00" * 16),
    # invalid UTF-8, in strings and keys
    Case("overlong 2-byte sequence", b'{"a":"\xc0\xaf"}', kind="utf8"),
    Case("overlong 3-byte sequence", b'{"a":"\xe0\x80\xaf"}', kind="utf8"),
    Case("lone continuation byte", b'{"a":"\x80"}', kind="utf8"),
    Case("two continuation bytes", b'{"a":"x\xbf\xbfy"}', kind="utf8"),
    Case("truncated 3-byte sequence", b'{"a":"x\xe2\x82"}', kind="utf8"),
    Case("truncated 4-byte sequence", b'{"a":"\xf0\x9f\x98"}', kind="utf8"),
    Case("high surrogate in UTF-8", b'{"a":"\xed\xa0\x80"}', kind="utf8"),
    Case("low surrogate in UTF-8", b'{"a":"\xed\xbf\xbf"}', kind="utf8"),
    Case("beyond U+10FFFF", b'{"a":"\xf4\x90\x80\x80"}', kind="utf8"),
    Case("byte 0xff", b'{"a":"\xff"}', kind="utf8"),
    Case("byte 0xfe", b'{"a":"\xfe"}', kind="utf8"),
    Case("Latin-1 text", b'{"a":"caf\xe9"}', kind="utf8"),
    Case("invalid UTF-8 in a key", b'{"\xff":1,"a":1}', kind="utf8"),
    Case("invalid UTF-8 in a member not written", b'{"a":1,"b":"x","c":"\xc3"}', kind="utf8"),
    # not objects: bad records for jlenrich and jl2csv, plain values for jlfilter
    Case("array", b"[1,2]", kind="nonobject"),
    Case("number", b"3", kind="nonobject"),
    Case("string", b'"s"', kind="nonobject"),
    Case("null", b"null", kind="nonobject"),
    Case("true", b"true", kind="nonobject"),
    Case("array of an object", b'[{"a":1,"b":"x"}]', kind="nonobject"),
]

G1, G2 = (1, "p"), (2, "q")


def check_message(case, msg, label):
    """The message says what is wrong, where the man pages name it."""
    if case.kind == "utf8":
        check("says UTF-8: " + label, "UTF-8" in msg, msg)
    if case.kind == "nonobject":
        check("says not an object: " + label, "object" in msg, msg)


# flagged[(inv, case)]: whether the case was reported as a bad record
flagged = {}
for case in CASES:
    path = write("case.jsonl", good(*G1) + b"\n" + case.line + b"\n" + good(*G2) + b"\n")
    for inv in INVS:
        label = "%s: %s" % (inv.name, case.name)
        mode = case.expect(inv)
        before = inv.render([G1] + case.prefix)
        through = inv.render([G1] + case.prefix + [G2])
        # what comes out when the line is let through (a plain value for
        # jlfilter, printed as it is; a row of the columns read for jl2csv)
        if inv.prog == "jlfilter":
            want_all = good(*G1) + b"\n" + case.line + b"\n" + good(*G2) + b"\n"
        elif case.as_row:
            want_all = inv.render([G1, case.as_row, G2])
        else:
            want_all = None
        # default policy: stop at the bad record
        rc, out, err = run(inv.argv(path), name=label)
        bad = mode == "bad" or (mode == "either" and rc != 0)
        flagged[(inv.name, case.name)] = bad
        if bad:
            check("status 1: " + label, rc == 1, "status %d" % rc)
            check("records before are written: " + label, out == before, out[-200:])
            check("message: " + label, error_line(inv.prog, path + ":2").match(err), err)
            check_message(case, err, label)
        else:
            check("status 0: " + label, rc == 0, "status %d: %s" % (rc, err))
            check("passed verbatim: " + label, out == want_all, out[-200:])
            check("no message: " + label, err == "", err)
        # --on-error=skip: go on, count them at the end
        rc, out, err = run(inv.argv("--on-error=skip", path), name=label + " skip")
        check("skip: status 0: " + label, rc == 0, "status %d: %s" % (rc, err))
        if bad:
            check("skip: good records around it: " + label, out == through, out[-200:])
            check("skip: reported: " + label,
                  re.match(r"%s: warning: .*\b1\b.*%s:2: \S" % (inv.prog, re.escape(path)), err)
                  and err.count("\n") == 1, err)
            check_message(case, err, label + " skip")
        else:
            check("skip: unchanged: " + label, out == want_all and err == "", (out[-200:], err))
        # --on-error=keep:FILE: go on, the bad record verbatim in FILE
        keep = os.path.join(T, "kept")
        if os.path.exists(keep):
            os.unlink(keep)
        rc, out, err = run(inv.argv("--on-error=keep:" + keep, path), name=label + " keep")
        kept = open(keep, "rb").read() if os.path.exists(keep) else None
        check("keep: status 0: " + label, rc == 0, "status %d: %s" % (rc, err))
        if bad:
            check("keep: good records on stdout: " + label, out == through, out[-200:])
            check("keep: bad record verbatim: " + label, kept == case.kept + b"\n", kept)
            check("keep: reported: " + label, (keep in err) and (path + ":2: ") in err and err.count("\n") == 1, err)
        else:
            check("keep: unchanged: " + label, out == want_all and kept == b"" and err == "", (out[-200:], kept, err))

# All of them in one input under keep: every bad record kept, in order, byte
# for byte; every good record (and every value let through) on stdout.
lines = []
for i, case in enumerate(CASES):
    lines += [good(10 + i, "g"), case.line]
lines.append(good(99, "z"))
path = write("all.jsonl", b"".join(l + b"\n" for l in lines))
for inv in INVS:
    want_out, want_kept, n = [], b"", 0
    for i, case in enumerate(CASES):
        want_out.append(inv.render([(10 + i, "g")]))
        if flagged[(inv.name, case.name)]:
            want_out.append(inv.render(case.prefix))
            want_kept += case.kept + b"\n"
            n += 1
        elif inv.prog == "jlfilter":
            want_out.append(case.line + b"\n")
        else:
            want_out.append(inv.render([case.as_row]))
    want_out.append(inv.render([(99, "z")]))
    if inv.prog == "jl2csv":
        want_out = [o.replace(b"a,b\n", b"", 1) for o in want_out]
        want_out.insert(0, b"a,b\n")
    keep = os.path.join(T, "kept-all")
    rc, out, err = run(inv.argv("--on-error=keep:" + keep, path), name=inv.name + " all")
    check("all, keep: status 0: " + inv.name, rc == 0, err)
    check("all, keep: output: " + inv.name, out == b"".join(want_out), out[-300:])
    check("all, keep: every bad record verbatim, in order: " + inv.name, open(keep, "rb").read() == want_kept,
          open(keep, "rb").read()[-300:])
    check("all, keep: count: " + inv.name, re.search(r"\b%d bad record" % n, err), err)
    rc, out, err = run(inv.argv("--on-error=skip", path), name=inv.name + " all skip")
    check("all, skip: output: " + inv.name, rc == 0 and out == b"".join(want_out), (rc, out[-300:]))
    check("all, skip: count and first: " + inv.name,
          re.search(r"\b%d bad record.*%s:2: " % (n, re.escape(path)), err), err)
    rc, out, err = run(inv.argv("--on-error=fail", path), name=inv.name + " all fail")
    check("all, fail: stops at the first: " + inv.name,
          rc == 1 and out == inv.render([(10, "g")]) and error_line(inv.prog, path + ":2").match(err),
          (rc, out[-300:], err))

# Standard input is named "-" in messages; a bad line last in the input, in
# a value that never closes, is reported at the line where it starts.
for inv in INVS:
    data = good(*G1) + b"\n" + b'{"a":1,"b":"x",}' + b"\n" + good(*G2) + b"\n" + b'{"a":3,"b":"open'
    rc, out, err = run(inv.argv(), data, name=inv.name + " stdin")
    check("stdin: message names '-': " + inv.name, rc == 1 and error_line(inv.prog, "-:2").match(err), (rc, err))
    keep = os.path.join(T, "kept-stdin")
    rc, out, err = run(inv.argv("--on-error=keep:" + keep), data, name=inv.name + " stdin keep")
    check("stdin, keep: " + inv.name,
          rc == 0 and out == inv.render([G1, G2])
          and open(keep, "rb").read() == b'{"a":1,"b":"x",}\n{"a":3,"b":"open\n', (rc, out, err))
    data = good(*G1) + b"\n" + b'{"a":3,"b":["x",' + b"\n"
    rc, out, err = run(inv.argv("--on-error=keep:" + keep), data, name=inv.name + " unclosed at the end")
    check("unclosed value at the end of input: " + inv.name,
          rc == 0 and out == inv.render([G1]) and open(keep, "rb").read() == b'{"a":3,"b":["x",\n'
          and "-:2: " in err, (rc, out, err))

# ---- gzip ----

many = [(i, "r%d" % i) for i in range(60000)]
raw = b"".join(good(a, b) + b"\n" for a, b in many)
gz = gzip.compress(raw)
cut = gz[: len(gz) // 2]
decodable = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut)
whole_lines = decodable.count(b"\n")
small = gzip.compress(good(*G1) + b"\n" + good(*G2) + b"\n")
gz_inputs = [
    # name, bytes, the records that come out, what the message says
    ("truncated.gz", cut, many[:whole_lines], "truncated gzip"),
    ("trailer-cut.gz", small[:-4], [G1, G2], "truncated gzip"),
    ("garbage.gz", gz + b"garbage\n", many, "garbage"),
    ("small-garbage.gz", small + b"junk", [G1, G2], "garbage"),
    ("zeros.gz", small + b"\x00" * 64, [G1, G2], "garbage"),
    ("bad-member.gz", small + b"\x1f\x8b\x08\x00not a gzip member at all", [G1, G2], "gzip"),
]
for name, data, records, says in gz_inputs:
    path = write(name, data)
    for inv in INVS:
        label = "%s: %s" % (inv.name, name)
        for policy in ([], ["--on-error=skip"], ["--on-error=keep:" + os.path.join(T, "kept-gz")]):
            rc, out, err = run(inv.argv(*policy, path), name=label)
            check("gzip: status 1 %s: %s" % (policy, label), rc == 1, "status %d" % rc)
            check("gzip: message %s: %s" % (policy, label),
                  re.match(r"%s: error: %s: .*%s" % (inv.prog, re.escape(path), says), err) and err.count("\n") == 1,
                  err)
            check("gzip: everything decoded before the fault %s: %s" % (policy, label),
                  out == inv.render(records), "%d bytes, want %d" % (len(out), len(inv.render(records))))
# A bad record inside gzip: the line is counted in the decoded text; a
# multi-member file is read whole.
path = write("bad-inside.gz", gzip.compress(good(*G1) + b"\n") + gzip.compress(b'{"a" 1}\n' + good(*G2) + b"\n"))
for inv in INVS:
    rc, out, err = run(inv.argv(path), name=inv.name + " bad inside gzip")
    check("gzip, bad record: " + inv.name, rc == 1 and out == inv.render([G1]) and error_line(inv.prog, path + ":2").match(err),
          (rc, out, err))
    keep = os.path.join(T, "kept-gz2")
    rc, out, err = run(inv.argv("--on-error=keep:" + keep, path), name=inv.name + " bad inside gzip keep")
    check("gzip, bad record kept: " + inv.name,
          rc == 0 and out == inv.render([G1, G2]) and open(keep, "rb").read() == b'{"a" 1}\n', (rc, out, err))

# ---- empty and blank input, byte order mark, CRLF ----

BOM = b"\xef\xbb\xbf"
for name, data in [("empty", b""), ("newlines", b"\n\n\n"), ("CRLF newlines", b"\r\n\r\n"),
                   ("blank lines", b" \t\n   \n\t\n"), ("BOM only", BOM), ("BOM and newline", BOM + b"\n")]:
    path = write("empty.jsonl", data)
    for inv in INVS:
        for label, argv, stdin in (("file", inv.argv(path), b""), ("stdin", inv.argv(), data)):
            rc, out, err = run(argv, stdin, name="%s: %s %s" % (inv.name, name, label))
            check("%s (%s): nothing, no error: %s" % (name, label, inv.name),
                  rc == 0 and out == inv.render([]) and err == "", (rc, out, err))
    rc, out, err = run([os.path.join(bin_dir, "jl2csv"), path], name="jl2csv inferred: " + name)
    check("%s: jl2csv without -f writes nothing" % name, rc == 0 and out == b"" and err == "", (rc, out, err))

bad_crlf = b'{"a":1,"b":"x",}'
for name, data, records, kept in [
    ("BOM", BOM + good(*G1) + b"\n" + good(*G2) + b"\n", [G1, G2], b""),
    ("CRLF", good(*G1) + b"\r\n" + bad_crlf + b"\r\n" + good(*G2), [G1, G2], bad_crlf + b"\n"),
    ("BOM and CRLF", BOM + good(*G1) + b"\r\n" + good(*G2) + b"\r\n", [G1, G2], b""),
    ("BOM before a bad first line", BOM + bad_crlf + b"\r\n" + good(*G2) + b"\r\n", [G2], bad_crlf + b"\n"),
]:
    path = write("text.jsonl", data)
    for inv in INVS:
        keep = os.path.join(T, "kept-text")
        rc, out, err = run(inv.argv("--on-error=keep:" + keep, path), name="%s: %s" % (inv.name, name))
        check("%s: records without BOM or CR: %s" % (name, inv.name), rc == 0 and out == inv.render(records), (rc, out, err))
        check("%s: kept without the line end: %s" % (name, inv.name), open(keep, "rb").read() == kept,
              open(keep, "rb").read())
# A byte order mark starts each input, not only the first.
paths = [write("bom1.jsonl", BOM + good(*G1) + b"\n"), write("bom2.jsonl", BOM + good(*G2) + b"\n")]
for inv in INVS:
    rc, out, err = run(inv.argv(*paths), name=inv.name + " two BOM files")
    check("BOM on each input: " + inv.name, rc == 0 and out == inv.render([G1, G2]) and err == "", (rc, out, err))

# ---- long lines (--max-line) ----


def long_record(a, size):
    """{"a":A,"b":"yyy..."} of exactly `size` bytes, and its b."""
    head = b'{"a":%d,"b":"' % a
    body = b"y" * (size - len(head) - 2)
    return head + body + b'"}', body.decode()


def sha(b):
    return hashlib.sha256(b).hexdigest()


# A small limit, every program, every policy, units.
for limit, arg in ((1024, "1K"), (1000, "1000")):
    rec_ok, b_ok = long_record(5, limit)
    rec_over, _ = long_record(6, limit + 1)
    path = write("small-limit.jsonl", good(*G1) + b"\n" + rec_ok + b"\r\n" + rec_over + b"\n" + good(*G2) + b"\n")
    for inv in INVS:
        label = "%s --max-line %s" % (inv.name, arg)
        for policy in ([], ["--on-error=skip"], ["--on-error=keep:" + os.path.join(T, "kept-long")]):
            rc, out, err = run(inv.argv("--max-line", arg, *policy, path), name=label)
            check("line over the limit stops %s: %s" % (policy, label),
                  rc == 1 and out == inv.render([G1, (5, b_ok)])
                  and error_line(inv.prog, path + ":3").match(err) and "--max-line" in err, (rc, out[-100:], err))
        rc, out, err = run(inv.argv("--max-line", str(limit + 1), path), name=label)
        check("raised limit: " + label, rc == 0 and out == inv.render([G1, (5, b_ok), (6, long_record(6, limit + 1)[1]), G2]),
              (rc, err))

# The default limit, 64M: a line one byte longer stops the run; exactly 64
# MiB passes, with LF or CRLF; --max-line 65M lets the longer one through.
M64 = 64 << 20
over, b_over = long_record(3, M64 + 1)
path = write("over.jsonl", good(*G1) + b"\n" + over + b"\n" + good(*G2) + b"\n")
for inv in [INVS[0], INVS[2], INVS[3]]:
    for policy in ([], ["--on-error=keep:" + os.path.join(T, "kept-64")]):
        rc, out, err = run(inv.argv(*policy, path), name=inv.name + " 64M+1")
        check("64 MiB + 1 stops %s: %s" % (policy, inv.name),
              rc == 1 and out == inv.render([G1]) and error_line(inv.prog, path + ":2").match(err)
              and "67108864" in err and "--max-line" in err, (rc, out[-100:], err))
    rc, out, err = run(inv.argv("--max-line", "65M", path), name=inv.name + " 64M+1 raised")
    check("64 MiB + 1 with --max-line 65M: " + inv.name,
          rc == 0 and sha(out) == sha(inv.render([G1, (3, b_over), G2])), (rc, len(out), err))
del over, b_over
exact, b_exact = long_record(4, M64)
for ending in (b"\n", b"\r\n"):
    path = write("exact.jsonl", good(*G1) + b"\n" + exact + ending + good(*G2) + b"\n")
    rc, out, err = run(INVS[0].argv(path), name="jlfilter 64 MiB")
    check("exactly 64 MiB passes (%r)" % ending, rc == 0 and sha(out) == sha(INVS[0].render([G1, (4, b_exact), G2])),
          (rc, len(out), err))
del exact, b_exact

tmp.cleanup()
finish()
