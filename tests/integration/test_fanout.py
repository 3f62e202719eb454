#!/usr/bin/env python3
"""Fan-out as the README shows it, against the local moto server: one
pipeline per object with GNU parallel and with xargs -P, and array-job style
shards (s3ls --shard I/N) that together cover every object exactly once;
the union of the outputs equals the filter applied to all of the input.
Usage: test_fanout.py BIN_DIR STATE_DIR"""
import gzip
import json
import random
import shutil
import subprocess
import sys

from harness import check, finish, list_keys, moto_bucket

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint, env, s3, b = moto_bucket(state, "fan", bin_dir)
rng = random.Random(9)

want = []
for n in range(12):
    recs = [{"obj": n, "i": i, "status": rng.choice([200, 404, 500])} for i in range(500)]
    want += [json.dumps(r) for r in recs if r["status"] >= 500]  # jlfilter passes records byte for byte
    s3.put_object(Bucket=b, Key="logs/2024/05/01/part-%02d.json.gz" % n,
                  Body=gzip.compress(("\n".join(json.dumps(r) for r in recs) + "\n").encode()))


def sh(script):
    p = subprocess.run(["bash", "-c", "set -euo pipefail\n" + script], capture_output=True, env=env)
    check("status: " + script.splitlines()[0][:60], p.returncode == 0, p.stderr.decode()[-500:])
    return p


def outputs(prefix):
    got = []
    for k in list_keys(s3, b, prefix):
        got += s3.get_object(Bucket=b, Key=k)["Body"].read().decode().splitlines()
    return sorted(got)


if shutil.which("parallel"):
    sh("s3ls --urls s3://%s/logs/ | parallel -j4 --halt now,fail=1 "
       "'s3cat {} | jlfilter \".status >= 500\" | s3put s3://%s/out-parallel/{/.}.jsonl >/dev/null'" % (b, b))
    check("parallel: every match once", outputs("out-parallel/") == sorted(want), len(outputs("out-parallel/")))
else:
    check("GNU parallel is installed (scripts/setup.sh)", False)
sh("s3ls --urls -0 s3://%s/logs/ | xargs -0 -P4 -I{} sh -c "
   "'s3cat \"$1\" | jlfilter \".status >= 500\" | s3put \"s3://%s/out-xargs/$(basename \"$1\" .json.gz).jsonl\" >/dev/null' _ {}"
   % (b, b))
check("xargs -P: every match once", outputs("out-xargs/") == sorted(want), len(outputs("out-xargs/")))
for i in range(3):  # an array job of three tasks, each its own shard
    sh("s3ls --shard %d/3 s3://%s/logs/ | s3cat | jlfilter '.status >= 500' | s3put s3://%s/out-shards/task-%d.jsonl >/dev/null"
       % (i, b, b, i))
check("shards: every match once", outputs("out-shards/") == sorted(want), len(outputs("out-shards/")))
listed = [sh("s3ls --urls --shard %d/3 s3://%s/logs/" % (i, b)).stdout.split() for i in range(3)]
check("shards: disjoint and complete", sorted(sum(listed, [])) == sorted(set(sum(listed, []))) and len(sum(listed, [])) == 12,
      [len(x) for x in listed])
finish()
