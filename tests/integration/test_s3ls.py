#!/usr/bin/env python3
"""s3ls against the local moto server: pagination, every filter, odd keys,
shards, one-level listing, errors. Usage: test_s3ls.py BIN_DIR STATE_DIR"""
import concurrent.futures
import json
import os
import subprocess
import sys
import time

from harness import check, failures, finish, moto_endpoint, moto_env, s3_client

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint = moto_endpoint(state)
env = moto_env(state, endpoint)
s3 = s3_client(endpoint)


def s3ls(*args, status=0):
    p = subprocess.run([os.path.join(bin_dir, "s3ls")] + list(args), capture_output=True, env=env)
    if p.returncode != status:
        failures.append("status of s3ls %s" % " ".join(args))
        print("FAIL s3ls %s: status %d, want %d; stderr: %s" % (args, p.returncode, status, p.stderr.decode()))
    return p


def listing(*args):
    return [json.loads(l) for l in s3ls(*args).stdout.decode().splitlines()]


# Pagination: 2,500 keys (three pages of 1,000).
big = "ls-big-%d" % os.getpid()
s3.create_bucket(Bucket=big)
keys = ["part/%05d.json" % i for i in range(2500)]
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(lambda k: s3.put_object(Bucket=big, Key=k, Body=b"x" * (int(k[5:10]) % 7)), keys))
got = listing("s3://" + big)
check("pagination: every key once, in order", [o["key"] for o in got] == keys, "%d keys" % len(got))
check("url field", got[0]["url"] == "s3://%s/part/00000.json" % big)
check("fields", set(got[0]) == {"url", "key", "size", "last_modified", "etag", "storage_class"}, got[0])
check("sizes", all(o["size"] == int(o["key"][5:10]) % 7 for o in got))
check("etag without quotes", all('"' not in o["etag"] and len(o["etag"]) == 32 for o in got[:5]))
check("last_modified ISO-8601 UTC", got[0]["last_modified"].endswith("Z") and "T" in got[0]["last_modified"])

# Shards partition the listing exactly, the same way every run.
shards = [[o["key"] for o in listing("--shard", "%d/4" % i, "s3://" + big)] for i in range(4)]
check("shards cover every key once", sorted(sum(shards, [])) == keys)
check("shards are not empty", all(len(s) > 400 for s in shards), [len(s) for s in shards])
check("shards stable", [o["key"] for o in listing("--shard", "2/4", "s3://" + big)] == shards[2])
s3ls("--shard", "4/4", "s3://" + big, status=2)

# Filters.
check("--limit", len(listing("--limit", "5", "s3://" + big)) == 5)
check("--start-after", [o["key"] for o in listing("--start-after", "part/02497.json", "s3://" + big)] ==
      ["part/02498.json", "part/02499.json"])
sized = listing("--min-size", "3", "--max-size", "4", "s3://%s/part/000" % big)
check("--min-size/--max-size inclusive", sorted({o["size"] for o in sized}) == [3, 4], sized[:3])
check("--since (age)", len(listing("--since", "1h", "s3://%s/part/0000" % big)) == 10)
check("--until (age) excludes new", listing("--until", "1h", "s3://%s/part/0000" % big) == [])
future = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
check("--since (ISO-8601)", listing("--since", future, "s3://%s/part/0000" % big) == [])
p = s3ls("--summarize", "s3://%s/part/001" % big)
check("--summarize", b"100 objects, " in p.stderr, p.stderr)
s3ls("--since", "yesterday", "s3://" + big, status=2)

# Odd keys round-trip; one-level listing; wildcards; URLs and NUL.
odd = "ls-odd-%d" % os.getpid()
s3.create_bucket(Bucket=odd)
odd_keys = ["a b/c+d%e.json", "a b/ü日本/😀.json", "a b/q?x=1&y=2#z", "plus+/t.txt", "deep/1/2/3.json",
            "deep/1/x.json", "deep/y.txt", "tab\there", "quote\"key"]
for k in odd_keys:
    s3.put_object(Bucket=odd, Key=k, Body=b"{}\n")
check("odd keys exactly", sorted(o["key"] for o in listing("s3://" + odd)) == sorted(odd_keys))
check("odd key urls", "s3://%s/a b/c+d%%e.json" % odd in s3ls("--urls", "s3://" + odd).stdout.decode().splitlines())
level = listing("--delimiter", "/", "s3://%s/deep/" % odd)
check("--delimiter", level == [listing("s3://%s/deep/y.txt" % odd)[0], {"url": "s3://%s/deep/1/" % odd, "prefix": True}],
      level)
check("* within a segment", [o["key"] for o in listing("s3://%s/deep/*.json" % odd)] == [])
check("* matches a segment", [o["key"] for o in listing("s3://%s/deep/1/*.json" % odd)] == ["deep/1/x.json"])
check("** across segments", sorted(o["key"] for o in listing("s3://%s/deep/**.json" % odd)) ==
      ["deep/1/2/3.json", "deep/1/x.json"])
out = s3ls("--urls", "-0", "s3://%s/deep/" % odd).stdout
check("-0", out.split(b"\0") == [b"s3://%s/deep/1/2/3.json" % odd.encode(), b"s3://%s/deep/1/x.json" % odd.encode(),
                                 b"s3://%s/deep/y.txt" % odd.encode(), b""], out)

# Errors: a missing bucket fails with the service's code; an empty prefix does not.
p = s3ls("s3://no-such-bucket-%d/x" % os.getpid(), status=1)
check("missing bucket message", b"NoSuchBucket" in p.stderr, p.stderr)
check("empty prefix", s3ls("s3://%s/nothing/here" % odd).stdout == b"")
s3ls("not-a-url", status=2)
s3ls(status=2)

finish()
