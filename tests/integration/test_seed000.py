#!/usr/bin/env python3
"""Seed 000 end to end: small JSON objects under folderN/YYYY-MM-DD in S3
(moto) merged into one Azure append blob (Azurite), each record tagged with
the folder and date of its key, with a ledger of written keys. Run as one
batch and as one ledger key per object; each run twice, and again after new
objects arrive: no record is ever in the blob twice, none is missing.
Usage: test_seed000.py BIN_DIR STATE_DIR"""
import json
import os
import subprocess
import sys

from azure import ACCOUNT, Azure, azure_env, connection_string
from harness import check, finish, moto_bucket

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint, env, s3, bucket = moto_bucket(state, "housing", bin_dir)
env = azure_env(env, AZURE_STORAGE_CONNECTION_STRING=connection_string(state))
az = Azure(state)
C = "housing-%d" % os.getpid()
az.create_container(C)

expected = []  # (type, date, id) of every record put in S3


def put_objects(folders, days):
    for f in folders:
        for d in days:
            key = "folder%d/2017-03-%02d" % (f, d)
            recs = [{"id": "%s#%d" % (key, i), "rooms": i + f, "city": "Hel\u00e4 \"%d\"" % d} for i in range(1 + (f + d) % 3)]
            body = "\n".join(json.dumps(r) for r in recs)
            if d % 2:  # some objects end with a newline, some do not
                body += "\n"
            s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
            expected.extend(("folder%d" % f, "2017-03-%02d" % d, r["id"]) for r in recs)


def sh(script):
    p = subprocess.run(["bash", "-c", "set -euo pipefail\n" + script], capture_output=True, env=env)
    if p.returncode != 0:
        print("script failed (%d): %s\n%s" % (p.returncode, script, p.stderr.decode()[-800:]))
    return p


def blob_records(blob):
    data = az.get(C + "/" + blob) or b""
    return [json.loads(line) for line in data.splitlines()]


def check_blob(name, blob):
    recs = blob_records(blob)
    got = sorted((r.get("type"), r.get("date"), r.get("id")) for r in recs)
    check(name + ": every record exactly once, tagged with folder and date", got == sorted(expected),
          "%d records, want %d" % (len(got), len(expected)))
    check(name + ": source field dropped", all("_src" not in r for r in recs))


TAG = "jlenrich --extract 'type,date=._src:^s3://[^/]+/([^/]+)/(.*)$' --drop _src"
az_url = "az://%s/%s" % (ACCOUNT, C)
batch = ("s3ls s3://%s/ | s3cat --source-field _src | %s | blobappend --ledger %s/batch-ledger --key %%s %s/batch.json"
         % (bucket, TAG, az_url, az_url))
example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "seed000.sh")
per_key = "%s s3://%s/ %s/data.json %s/metadata" % (example, bucket, az_url, az_url)  # one ledger key per object

put_objects([1, 2, 3], [1, 2, 3, 4])
check("batch: first run", sh(batch % "march").returncode == 0)
p = sh(batch % "march")
check("batch: second run skips", p.returncode == 0 and b"in the ledger already" in p.stderr, p.stderr)
check_blob("batch", "batch.json")

check("per key: first run", sh(per_key).returncode == 0)
check("per key: second run", sh(per_key).returncode == 0)
check_blob("per key, twice", "data.json")
put_objects([4], [1, 2])
put_objects([1], [5])
p = sh(per_key)
check("per key: run after new objects", p.returncode == 0)
check_blob("per key, new objects", "data.json")
ledger = [json.loads(x) for x in az.get(C + "/metadata").splitlines()]
done = [r["key"] for r in ledger if r["event"] == "done"]
check("per key: one done record per object", sorted(done) == sorted(set(done)) and len(done) == 15, len(done))
finish()
