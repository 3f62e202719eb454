#!/usr/bin/env python3
"""Seeds 001 to 004 as their example scripts (examples/seedNNN.sh) run them,
against the local moto server, with the content of what each produced
checked: the CSV rows of the matching records (seed 001), content types,
glob listing and summary under an assume-role profile (seed 002), one big
object equal to the stream (seed 003), and the hourly partitioned ETL run
again after new input arrived, with every record exactly once (seed 004).
Seed 000 has its own test (test_seed000.py).
Usage: test_seeds.py BIN_DIR STATE_DIR"""
import csv
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile

from harness import check, clean_env, finish, list_keys, moto_bucket

bin_dir, state = sys.argv[1], sys.argv[2]
examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
endpoint, env, s3, b = moto_bucket(state, "seeds", bin_dir)
rng = random.Random(4)
work = tempfile.mkdtemp(prefix="jlkit-seeds-")


def example(name, *args, env=env, stdin=None):
    p = subprocess.run([os.path.join(examples, name)] + list(args), capture_output=True, env=env, input=stdin)
    check(name + ": status 0", p.returncode == 0, p.stderr.decode()[-600:])
    return p


def keys(prefix):
    return list_keys(s3, b, prefix)


def get(key):
    return s3.get_object(Bucket=b, Key=key)["Body"].read()


# Seed 001: gzipped JSON lines, some lines Python dict reprs, filtered to CSV.
want = []
for n in range(3):
    lines = []
    for i in range(2000):
        r = {"k": rng.choice(["v", "w"]), "a": i, "b": rng.choice(["x", "y, z", 'q"t']), "c": rng.choice([None, 1.5, -2])}
        if r["k"] == "v":
            want.append((str(r["a"]), r["b"], "" if r["c"] is None else str(r["c"])))
        lines.append(repr(r) if i % 3 == 0 else json.dumps(r))
    s3.put_object(Bucket=b, Key="raw/part-%d.json.gz" % n, Body=gzip.compress(("\n".join(lines) + "\n").encode()))
example("seed001.sh", "s3://%s/raw/" % b, '.k == "v"', "a,b,c", "s3://%s/out/matches.csv" % b)
rows = list(csv.reader(io.StringIO(get("out/matches.csv").decode())))
check("seed001: header", rows[:1] == [["a", "b", "c"]], rows[:1])
check("seed001: the matching rows, in order", [tuple(r) for r in rows[1:]] == want, (len(rows) - 1, len(want)))

# Seed 002: uploads with content types, glob, summary, under an assume-role profile.
home = os.path.join(work, "home")
os.makedirs(os.path.join(home, ".aws"))
with open(os.path.join(home, ".aws", "credentials"), "w") as f:
    f.write("[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
with open(os.path.join(home, ".aws", "config"), "w") as f:
    f.write("[profile etl]\nrole_arn = arn:aws:iam::123456789012:role/etl\nsource_profile = base\n")
reports = os.path.join(work, "reports")
os.makedirs(reports)
files = {"q1.csv": b"a,b\n1,2\n", "q1.json": b'{"a":1}\n', "chart.png": b"\x89PNG\r\n\x1a\n", "notes.txt": b"hi\n"}
for name, data in files.items():
    open(os.path.join(reports, name), "wb").write(data)
role_env = clean_env(HOME=home, AWS_PROFILE="etl", AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1",
                     PATH=env["PATH"])
p = example("seed002.sh", reports, "s3://%s/reports/" % b, env=role_env)
types = {k.split("/")[-1]: s3.head_object(Bucket=b, Key=k)["ContentType"] for k in keys("reports/")}
check("seed002: content types from extensions", types == {"q1.csv": "text/csv", "q1.json": "application/json",
                                                          "chart.png": "image/png", "notes.txt": "text/plain"}, types)
listed = [json.loads(x) for x in p.stdout.splitlines() if x.startswith(b'{"url"')]
globbed = [x["key"] for x in listed if "key" in x and x["key"].endswith(".json")]
check("seed002: glob lists the JSON file (then the listing lists it again)", globbed == ["reports/q1.json"] * 2, listed)
total = sum(len(d) for d in files.values())
check("seed002: summary", b"4 objects" in p.stderr and str(total).encode() in p.stderr, p.stderr)

# Seed 003: a producer's stream into one object (multipart), read back.
producer = os.path.join(work, "producer.py")
open(producer, "w").write("import sys, random\nr = random.Random(3)\nfor i in range(300000):\n"
                          "    sys.stdout.write('{\"i\": %d, \"v\": %f}\\n' % (i, r.random()))\n")
p = example("seed003.sh", "s3://%s/exports/dump.jsonl.gz" % b, sys.executable, producer)
stream = subprocess.run([sys.executable, producer], capture_output=True).stdout
check("seed003: the object is the stream", gzip.decompress(get("exports/dump.jsonl.gz")) == stream)

# Seed 004: Firehose objects under yyyy/mm/dd/hh/, processed hourly.
agents = ["Synapse-Web-Client/445.0 (Windows)", "python-requests/2.31", "curl", ""]
sent = []


def firehose(day, hour, n, pretty=False):
    recs = []
    for i in range(n):
        ts = 1714521600000 + ((day - 1) * 24 + hour) * 3600000 + i * 1000  # 2024-05-DD HH:00:i UTC
        r = {"timestamp": ts, "userAgent": rng.choice(agents), "payload": {"sessionId": "s-%d-%d-%d" % (day, hour, i)}}
        recs.append(r)
        sent.append(r)
    body = "\n".join(json.dumps(r, indent=2 if pretty else None) for r in recs) + "\n"
    s3.put_object(Bucket=b, Key="firehose/2024/05/%02d/%02d/stream-1-%02d%02d" % (day, hour, day, hour), Body=body.encode())


def processed():
    got = []
    for k in keys("processed/"):
        part = k[len("processed/"):k.rindex("/")]
        for line in gzip.decompress(get(k)).splitlines():
            got.append((part, json.loads(line)))
    return got


def check_processed(name):
    got = processed()
    ids = sorted(r["SESSION_ID"] for _, r in got)
    check(name + ": every record exactly once", ids == sorted(r["payload"]["sessionId"] for r in sent), (len(ids), len(sent)))
    ok = True
    for part, r in got:
        src = next(s for s in sent if s["payload"]["sessionId"] == r["SESSION_ID"])
        ua = src["userAgent"]
        client = ua.split("/")[0].split(" ")[0] if ua else None
        day = "%02d" % (1 + (src["timestamp"] - 1714521600000) // 86400000)
        ok = ok and part == "year=2024/month=05/day=" + day and r["year"] == "2024" and r["day"] == day
        ok = ok and r.get("client") == client and "sessionId" not in r["payload"]
    check(name + ": fields derived and partitions right", ok)


st = os.path.join(work, "state004")
firehose(1, 22, 50)
firehose(1, 23, 40, pretty=True)
firehose(2, 0, 30)
example("seed004.sh", "s3://%s/firehose/" % b, "s3://%s/processed/" % b, st)
check_processed("seed004 first run")
first_objects = keys("processed/")
check("seed004: partitions by day", sorted({k.split("/")[3] for k in first_objects}) == ["day=01", "day=02"], first_objects)
firehose(2, 1, 25)
firehose(2, 2, 10)
example("seed004.sh", "s3://%s/firehose/" % b, "s3://%s/processed/" % b, st)
check_processed("seed004 after new input")
check("seed004: earlier objects untouched", set(first_objects) <= set(keys("processed/")))
before = keys("processed/")
example("seed004.sh", "s3://%s/firehose/" % b, "s3://%s/processed/" % b, st)
check("seed004: a run without new input writes nothing", keys("processed/") == before)
finish()
