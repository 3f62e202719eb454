#!/usr/bin/env python3
"""Seed 001 on gzipped input several times larger than the memory bound:
every process of the pipeline (examples/seed001.sh) keeps its peak memory
bounded and writes nothing to local disk (GNU time's file-system outputs:
nothing that grows with the data),
and the CSV has exactly the matching rows. Usage: test_seed001_memory.py BIN_DIR STATE_DIR"""
import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile

from harness import check, finish, moto_bucket

bin_dir, state = sys.argv[1], sys.argv[2]
example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "seed001.sh")
endpoint, env, s3, b = moto_bucket(state, "mem001")
sanitized = os.environ.get("JLKIT_SANITIZED")

# Three objects of 80 MB each once decoded (240 MB): a 1 MB block of lines,
# some of them Python reprs, repeated with a running counter.
block = []
for i in range(8000):
    r = {"k": "v" if i % 10 == 0 else "w", "a": i, "b": "x" * 90, "c": None}
    block.append(repr(r) if i % 2 else json.dumps(r))
block = ("\n".join(block) + "\n").encode()
raw = 0
for n in range(3):
    body = block * 80
    raw += len(body)
    s3.put_object(Bucket=b, Key="raw/%d.json.gz" % n, Body=gzip.compress(body, compresslevel=1))
want_rows = 3 * 80 * 800

work = tempfile.mkdtemp(prefix="jlkit-mem001-")
log = os.path.join(work, "time.log")
wrappers = os.path.join(work, "bin")
os.makedirs(wrappers)
for tool in ("s3ls", "s3cat", "jlfilter", "jl2csv", "s3put"):
    path = os.path.join(wrappers, tool)
    with open(path, "w") as f:
        f.write('#!/bin/sh\nexec /usr/bin/time -a -o %s -f "%s %%M %%O" %s "$@"\n' % (log, tool, os.path.join(bin_dir, tool)))
    os.chmod(path, 0o755)
run_env = dict(env, PATH=wrappers + os.pathsep + env["PATH"], TMPDIR=work)
p = subprocess.run([example, "s3://%s/raw/" % b, '.k == "v"', "a,b,c", "s3://%s/out.csv" % b], capture_output=True,
                   env=run_env, cwd=work)
check("pipeline status", p.returncode == 0, p.stderr.decode()[-500:])
rows = list(csv.reader(io.StringIO(s3.get_object(Bucket=b, Key="out.csv")["Body"].read().decode())))
check("every matching row", len(rows) == want_rows + 1 and rows[1] == ["0", "x" * 90, ""], (len(rows), rows[1:2]))
stats = {}
for line in open(log):
    name, rss_kb, outputs = line.split()
    stats[name] = (int(rss_kb) // 1024, int(outputs))
print("input %d MB decoded; peak RSS MiB and file-system outputs per process: %s" % (raw >> 20, stats))
check("every process measured", sorted(stats) == ["jl2csv", "jlfilter", "s3cat", "s3ls", "s3put"], stats)
# GNU time counts 512-byte blocks written to files. The kernel now and then
# charges a process one stray page (seen once for jl2csv, whose only output
# is a pipe), so the test asserts nothing that grows with the data: under
# 64 KiB per process against 241 MB of input.
check("nothing written to local disk", all(out * 512 < 64 * 1024 for _, out in stats.values()), stats)
check("nothing left in the working directory", sorted(os.listdir(work)) == ["bin", "time.log"], os.listdir(work))
if not sanitized:  # sanitizers change memory use
    check("input several times larger than any process's peak", all(raw >> 20 >= 3 * rss for rss, _ in stats.values()), stats)
    check("s3cat within its bound ((concurrency + 1) x part + 20 MiB)", stats["s3cat"][0] <= 5 * 8 + 20, stats)
finish()
