#!/usr/bin/env python3
"""Differential test: jlfilter against jq 1.6 `select(EXPR)`.

Usage: run.py --jlfilter PATH [--jq PATH] [--dir DIR] [--filter SUBSTRING] [-j N]

For every expression in DIR/exprs.txt (one per line; blank lines and lines
starting with '#' are ignored) this runs

    jq -c --slurpfile ids ids.json --arg name alice --argjson lim 100 'select(EXPR)' records.jsonl
    PATH      --slurpfile ids ids.json --arg name alice --argjson lim 100 EXPR records.jsonl
    PATH -v   ... (inverted selection)
    PATH -c   ... (count of selected records)

and checks that jlfilter selects exactly the records for which jq prints at
least one output line (a record that makes jq raise an error before any
truthy output is not selected; jq's exit status 5 and its stderr are ignored).

jlfilter must exit 0, print the selected records as the original input lines
(byte for byte, in input order, each once), print the complement with -v, and
print the number of selected records with -c.

Standard library only.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys
import threading
import time

JQ_ARGS = ["--slurpfile", "ids", "ids.json", "--arg", "name", "alice", "--argjson", "lim", "100"]
RECORDS = "records.jsonl"
EXPRS = "exprs.txt"
MIN_EXPRS = 100
TIMEOUT = 20  # seconds per process


def read_exprs(path):
    exprs = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            exprs.append((lineno, line))
    return exprs


def split_lines(data):
    """Split process output into lines; tolerate a missing final newline."""
    if not data:
        return []
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def match_subsequence(out_lines, universe):
    """Map output lines to indices of `universe` by in-order subsequence
    matching.  A line equal to the previously matched record is a repeat of
    that record (records are distinct, so this is unambiguous).

    Returns (indices_in_output_order, problems)."""
    idx = []
    problems = []
    j = 0
    last = -1
    for line in out_lines:
        if last >= 0 and universe[last] == line:
            idx.append(last)
            continue
        k = j
        while k < len(universe) and universe[k] != line:
            k += 1
        if k == len(universe):
            if line in universe:
                problems.append("record %d printed out of input order (or repeated non-adjacently)"
                                % universe.index(line))
            else:
                problems.append("output line is not one of the input lines: %r" % short(line))
            continue
        idx.append(k)
        last = k
        j = k + 1
    return idx, problems


def short(b, n=200):
    s = b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)
    return s if len(s) <= n else s[:n] + "..."


def run(cmd, cwd, stdin=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b"timed out after %d s" % TIMEOUT
    except OSError as e:
        return "oserror", b"", str(e).encode()


class Ctx:
    def __init__(self, args, raw, norm):
        self.jq = args.jq
        self.jlfilter = args.jlfilter
        self.dir = args.dir
        self.raw = raw
        self.norm = norm
        self.explain_budget = 60  # single-record jq runs used to explain mismatches
        self.lock = threading.Lock()

    def take_explain_budget(self):
        with self.lock:
            if self.explain_budget <= 0:
                return False
            self.explain_budget -= 1
            return True


def check_expr(ctx, lineno, expr):
    """Returns a list of failure messages (empty = pass)."""
    fails = []
    n = len(ctx.raw)

    # ---- reference: jq
    rc, out, err = run([ctx.jq, "-c"] + JQ_ARGS + ["select(%s)" % expr, RECORDS], ctx.dir)
    if rc not in (0, 5):
        return ["jq rejected the expression (exit %s): %s" % (rc, short(err, 400))]
    jq_idx, probs = match_subsequence(split_lines(out), ctx.norm)
    if probs:
        return ["internal: cannot map jq output to records: " + "; ".join(probs[:3])]
    jq_sel = sorted(set(jq_idx))

    # ---- jlfilter: selection
    base = [ctx.jlfilter] + JQ_ARGS
    rc, out, err = run(base + [expr, RECORDS], ctx.dir)
    if rc != 0:
        fails.append("jlfilter exited %s: %s" % (rc, short(err, 400)))
        jl_sel = None
    else:
        jl_idx, probs = match_subsequence(split_lines(out), ctx.raw)
        fails.extend(probs[:5])
        if len(set(jl_idx)) != len(jl_idx):
            dups = sorted({i for i in jl_idx if jl_idx.count(i) > 1})
            fails.append("jlfilter printed records more than once: %s" % dups[:10])
        jl_sel = sorted(set(jl_idx))

    # ---- jlfilter -v: inverted selection must partition the records
    rc, out, err = run([ctx.jlfilter, "-v"] + JQ_ARGS + [expr, RECORDS], ctx.dir)
    if rc != 0:
        fails.append("jlfilter -v exited %s: %s" % (rc, short(err, 400)))
    else:
        inv_idx, probs = match_subsequence(split_lines(out), ctx.raw)
        fails.extend("-v: " + p for p in probs[:5])
        if len(set(inv_idx)) != len(inv_idx):
            fails.append("-v printed records more than once")
        if jl_sel is not None:
            both = sorted(set(jl_sel) & set(inv_idx))
            neither = sorted(set(range(n)) - set(jl_sel) - set(inv_idx))
            if both:
                fails.append("-v: records printed both with and without -v: %s" % both[:10])
            if neither:
                fails.append("-v: records printed neither with nor without -v: %s" % neither[:10])

    # ---- jlfilter -c: count
    rc, out, err = run([ctx.jlfilter, "-c"] + JQ_ARGS + [expr, RECORDS], ctx.dir)
    if rc != 0:
        fails.append("jlfilter -c exited %s: %s" % (rc, short(err, 400)))
    else:
        txt = out.decode("utf-8", "replace").strip()
        try:
            cnt = int(txt)
        except ValueError:
            fails.append("-c: output is not a count: %r" % short(txt))
        else:
            if jl_sel is not None and cnt != len(jl_sel):
                fails.append("-c: printed count %d but %d records selected" % (cnt, len(jl_sel)))
            elif jl_sel is None and cnt != len(jq_sel):
                fails.append("-c: printed count %d, jq selects %d" % (cnt, len(jq_sel)))

    # ---- comparison with jq
    if jl_sel is not None and jl_sel != jq_sel:
        only_jq = sorted(set(jq_sel) - set(jl_sel))
        only_jl = sorted(set(jl_sel) - set(jq_sel))
        msg = ["selection differs from jq: jq selects %d, jlfilter selects %d" % (len(jq_sel), len(jl_sel))]
        shown = 0
        for i in sorted(only_jq + only_jl):
            if shown >= 8:
                msg.append("    ... and %d more differing records" % (len(only_jq) + len(only_jl) - shown))
                break
            shown += 1
            jq_v = "selected" if i in only_jq else "not selected"
            jl_v = "not selected" if i in only_jq else "selected"
            msg.append("    record %d (line %d): %s" % (i, i + 1, short(ctx.raw[i], 300)))
            line = "        jq: %s   jlfilter: %s" % (jq_v, jl_v)
            if shown <= 3 and ctx.take_explain_budget():
                # explain jq's verdict by running it on the single record
                _, o1, e1 = run([ctx.jq, "-c"] + JQ_ARGS + ["select(%s) | 1" % expr],
                                ctx.dir, stdin=ctx.raw[i] + b"\n")
                detail = "%d output(s)" % len(split_lines(o1))
                if e1.strip():
                    detail += ", stderr: " + short(e1.strip(), 300)
                line += "   [jq on this record alone: %s]" % detail
            msg.append(line)
        fails.append("\n".join(msg))
    return fails


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Differential test of jlfilter against jq 1.6.")
    ap.add_argument("--jlfilter", required=True, help="path to the jlfilter binary")
    ap.add_argument("--jq", default="jq", help="path to jq 1.6 (default: jq on PATH)")
    ap.add_argument("--dir", default=here, help="corpus directory (default: this script's directory)")
    ap.add_argument("--filter", default=None, metavar="SUBSTRING",
                    help="only run expressions containing SUBSTRING")
    ap.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2),
                    help="expressions checked in parallel (default: CPU count, at least 2)")
    ap.add_argument("--verbose", action="store_true", help="print every expression with its verdict")
    args = ap.parse_args()

    args.dir = os.path.abspath(args.dir)
    if os.sep in args.jlfilter or (os.altsep and os.altsep in args.jlfilter):
        args.jlfilter = os.path.abspath(args.jlfilter)
    if os.sep in args.jq:
        args.jq = os.path.abspath(args.jq)

    t0 = time.time()
    with open(os.path.join(args.dir, RECORDS), "rb") as f:
        raw = split_lines(f.read())
    rc, out, err = run([args.jq, "-c", ".", RECORDS], args.dir)
    if rc != 0:
        print("jq failed to normalise %s (exit %s): %s" % (RECORDS, rc, short(err, 400)))
        return 2
    norm = split_lines(out)
    if len(norm) != len(raw):
        print("jq -c . produced %d lines for %d input lines" % (len(norm), len(raw)))
        return 2
    if len(set(norm)) != len(norm):
        print("records are not distinct after jq -c . normalisation; mapping would be ambiguous")
        return 2

    exprs = read_exprs(os.path.join(args.dir, EXPRS))
    total_read = len(exprs)
    if args.filter is not None:
        exprs = [(ln, e) for (ln, e) in exprs if args.filter in e]

    ctx = Ctx(args, raw, norm)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(check_expr, ctx, ln, e) for (ln, e) in exprs]
        for (ln, e), fut in zip(exprs, futs):
            try:
                fails = fut.result()
            except Exception as exc:  # a bug in this script should not hide other results
                fails = ["internal error: %r" % (exc,)]
            if fails:
                failed += 1
                print("FAIL exprs.txt:%d: %s" % (ln, e))
                for m in fails:
                    print("  " + m.replace("\n", "\n  "))
            elif args.verbose:
                print("ok   exprs.txt:%d: %s" % (ln, e))
            sys.stdout.flush()

    print("%d expressions, %d failed  (%d records, %.1f s)" % (len(exprs), failed, len(raw), time.time() - t0))
    if total_read < MIN_EXPRS:
        print("too few expressions: read %d from %s, need at least %d" % (total_read, EXPRS, MIN_EXPRS))
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
