#!/usr/bin/env python3
"""Creates the demo's seed-like data in the local servers: small housing JSON
objects under folderN/YYYY-MM-DD in BUCKET-housing (seed 000), gzipped JSON-lines files with
some lines written as Python dict reprs (seed 001), Firehose-style
yyyy/mm/dd/hh/ access records with user agents (seed 004), and the Azure
container. Usage: demo_data.py STATE_DIR BUCKET [first|more|after]"""
import gzip
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from azure import Azure  # noqa: E402
from harness import moto_endpoint, s3_client  # noqa: E402

state, bucket, phase = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "first"
s3 = s3_client(moto_endpoint(state))
rng = random.Random(2017 if phase == "first" else 2018)
agents = ["Synapse-Web-Client/445.0 (Windows NT 10.0)", "synapseclient/2.7.2 python-requests/2.31.0",
          "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0", "curl/8.4.0", "Googlebot/2.1"]


def firehose(day, hour, n):
    lines = []
    for i in range(n):
        ts = 1714521600000 + ((day - 1) * 24 + hour) * 3600000 + rng.randrange(3600000)
        lines.append(json.dumps({"timestamp": ts, "userAgent": rng.choice(agents), "method": rng.choice(["GET", "POST"]),
                                 "status": rng.choice([200, 200, 200, 404, 500]),
                                 "payload": {"sessionId": "%08x" % rng.getrandbits(32)}}))
    s3.put_object(Bucket=bucket, Key="firehose/2024/05/%02d/%02d/access-%02d%02d.json" % (day, hour, day, hour),
                  Body=("\n".join(lines) + "\n").encode())


if phase == "first":
    s3.create_bucket(Bucket=bucket)
    s3.create_bucket(Bucket=bucket + "-housing")
    Azure(state).create_container("housing")
    for folder in (1, 2, 3):
        for day in range(1, 11):
            rec = {"rooms": rng.randrange(1, 6), "price": rng.randrange(90, 900) * 1000,
                   "city": rng.choice(["Helsinki", "Espoo", "Vantaa"]), "sqm": round(rng.uniform(20, 140), 1)}
            s3.put_object(Bucket=bucket + "-housing", Key="folder%d/2017-03-%02d" % (folder, day), Body=json.dumps(rec).encode())
    for n in range(4):
        lines = []
        for i in range(20000):
            r = {"k": rng.choice(["v", "w", "w", "w"]), "a": n * 20000 + i, "b": rng.choice(["red", "green", "blue"]),
                 "c": rng.choice([True, False, None]), "d": rng.random()}
            lines.append(repr(r) if i % 4 == 0 else json.dumps(r))
        s3.put_object(Bucket=bucket, Key="raw/events-%d.json.gz" % n, Body=gzip.compress(("\n".join(lines) + "\n").encode()))
    for hour in range(20, 24):
        firehose(1, hour, 500)
    firehose(2, 0, 500)
elif phase == "more":  # a new housing day
    s3.put_object(Bucket=bucket + "-housing", Key="folder1/2017-03-11", Body=json.dumps({"rooms": 2, "price": 250000,
                  "city": "Helsinki", "sqm": 48.5}).encode())
else:  # new input for the second hourly run
    for hour in (1, 2):
        firehose(2, hour, 500)
