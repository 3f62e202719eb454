#!/usr/bin/env python3
"""s3put --partition-by against the local moto server: Hive-style keys,
escaped and missing values, every record in exactly one object of its
partition and in input order, gzip per object, memory pressure and
--max-open splitting a partition into several objects, runs never
overwriting each other, a bad record aborting every open upload.
Usage: test_s3put_partition.py BIN_DIR STATE_DIR"""
import gzip
import json
import os
import random
import sys

from harness import check, finish, list_keys, moto_bucket, run

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint, env, s3, b = moto_bucket(state, "part")
S3PUT = os.path.join(bin_dir, "s3put")
rng = random.Random(7)


def put(prefix, data, *args, status=0):
    p = run([S3PUT, "--part-size", "64K"] + list(args) + ["s3://%s/%s" % (b, prefix)], data, env, status, "s3put " + prefix)
    return p, [json.loads(x) for x in p.stdout.splitlines()]


def objects(prefix):
    return list_keys(s3, b, prefix)


def body(key):
    data = s3.get_object(Bucket=b, Key=key)["Body"].read()
    return gzip.decompress(data) if key.endswith(".gz") else data


def by_partition(prefix):
    """partition directory -> list of record lines, objects in name order."""
    out = {}
    for k in objects(prefix):
        part = k[len(prefix):k.rindex("/")]
        out.setdefault(part, []).extend(body(k).splitlines())
    return out


def records(n, days=3, pad=40, run=1):
    """`n` records over `days` partitions, `run` records in a row to each."""
    recs = []
    for i in range(n):
        r = {"i": i, "year": "2024", "month": "05", "day": "%02d" % (1 + i // run % days), "pad": "x" * rng.randrange(pad)}
        recs.append(r)
    return recs


def expected(recs, keys):
    out = {}
    for r in recs:
        def val(k):
            v = r.get(k)
            if v is None or v == "":
                return "__HIVE_DEFAULT_PARTITION__"
            v = str(v)
            return "".join("%%%02X" % ord(c) if (ord(c) < 32 or c in "\"#%'*/:=?\\[]^{}\x7f") else c for c in v)
        part = "/".join("%s=%s" % (k, val(k)) for k in keys)
        out.setdefault(part, []).append(json.dumps(r, separators=(",", ":")).encode())
    return out


def lines(recs):
    return b"".join(json.dumps(r, separators=(",", ":")).encode() + b"\n" for r in recs)


# Plain: three days, keys and content.
recs = records(300)
p, out = put("plain/", lines(recs), "--partition-by", ".year,.month,.day", "--run-id", "r1")
check("plain: one object per partition", sorted(o["partition"] for o in out) == sorted(expected(recs, ["year", "month", "day"])), out)
check("plain: key names", objects("plain/")[0] == "plain/year=2024/month=05/day=01/part-r1-00001.jsonl", objects("plain/")[:1])
check("plain: records in their partition, in order", by_partition("plain/") == expected(recs, ["year", "month", "day"]))
check("plain: record counts", sum(o["records"] for o in out) == 300, out)
head = s3.head_object(Bucket=b, Key=objects("plain/")[0])
check("plain: content type", head["ContentType"] == "application/x-ndjson", head["ContentType"])

# Names, escapes, missing and null values, numbers, a pretty-printed record.
odd = [{"k": "a/b=c%", "n": 1}, {"k": None, "n": 2}, {"n": 3}, {"k": "", "n": 4.50}, {"k": "é ü", "n": 5}]
data = lines(odd) + b'{\n  "k": "a/b=c%",\n  "n": 6\n}\n'
p, out = put("odd/", data, "--partition-by", "key=.k", "--run-id", "r1")
want = expected(odd + [{"k": "a/b=c%", "n": 6}], ["k"])
want = {k.replace("k=", "key=", 1): v for k, v in want.items()}
got = by_partition("odd/")
check("odd values: escaped, defaulted, decoded", sorted(got) == sorted(want), sorted(got))
check("odd values: records intact (pretty one compacted)", got.get("key=a%2Fb%3Dc%25") == [json.dumps(odd[0], separators=(",", ":")).encode(), b'{"k":"a/b=c%","n":6}'], got.get("key=a%2Fb%3Dc%25"))
check("odd values: number kept as written", b'"n":4.5' in b"".join(got.get("key=__HIVE_DEFAULT_PARTITION__", [])), got)

# gzip per object.
p, out = put("gz/", lines(recs), "--partition-by", ".day", "--gzip", "--run-id", "r1")
check("gzip: names", all(k.endswith(".jsonl.gz") for k in objects("gz/")), objects("gz/"))
check("gzip: content", by_partition("gz/") == expected(recs, ["day"]))

# Memory pressure: 40 partitions, 256K for all of them: parts go up early and
# small partitions are finished, so a partition may take several objects.
many = records(3000, days=20, pad=400, run=10)
p, out = put("mem/", lines(many), "--partition-by", ".day", "--max-memory", "128K", "--run-id", "r1")
check("memory: every record once, in order", by_partition("mem/") == expected(many, ["day"]))
check("memory: some partition in several objects", len(out) > 20, len(out))
big = records(4000, days=4, pad=1000)
p, out = put("multi/", lines(big), "--partition-by", ".day", "--max-memory", "1M", "--run-id", "r1")
check("multipart: every record once, in order", by_partition("multi/") == expected(big, ["day"]))
check("multipart: one object per partition, in parts", len(out) == 4 and all(o["parts"] > 1 for o in out), out)
few = records(600, days=5, pad=40, run=40)
p, out = put("open/", lines(few), "--partition-by", ".day", "--max-open", "3", "--run-id", "r1")
check("--max-open: every record once, in order", by_partition("open/") == expected(few, ["day"]))
check("--max-open: partitions reopened as new objects", len([k for k in objects("open/") if "day=01/" in k]) > 1)

# Runs never overwrite each other: a second run (default run id) adds objects.
p1, out1 = put("runs/", lines(recs[:10]), "--partition-by", ".day")
p2, out2 = put("runs/", lines(recs[10:20]), "--partition-by", ".day")
check("two runs: both kept", len(objects("runs/")) == len(out1) + len(out2) and
      sorted(r for v in by_partition("runs/").values() for r in v) == sorted(lines(recs[:20]).splitlines()))
rid = out1[0]["url"].rsplit("/part-", 1)[1].rsplit("-", 1)[0]
check("default run id: UTC time and a suffix", len(rid) == 23 and rid[8] == "T" and rid[15] == "Z", rid)

# A bad record stops the run: open uploads aborted, nothing half-written.
bad = lines(many[:2000]) + b"{not json\n" + lines(many[2000:])
p, out = put("bad/", bad, "--partition-by", ".day", "--max-memory", "64M", status=1)
check("bad record: message with line", b":2001" in p.stderr, p.stderr)
check("bad record: no upload left", not s3.list_multipart_uploads(Bucket=b).get("Uploads"))
check("bad record: no object from buffered partitions", objects("bad/") == [], objects("bad/")[:3])
p, out = put("skip/", bad, "--partition-by", ".day", "--on-error", "skip")
check("--on-error skip: the rest written", sum(o["records"] for o in out) == 3000, sum(o["records"] for o in out))

put("x/", b"", "--partition-by", ".a", "--if-none-match", status=2)
put("x/", b"", "--partition-by", ".a", "--run-id", "a/b", status=2)
finish()
