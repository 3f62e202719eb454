#!/usr/bin/env python3
"""Writes MB megabytes of synthetic access-log JSON lines to stdout, the same
bytes on every run (seeded). Usage: gen_access_log.py MB

Records are ~550 bytes: nested objects (request, client, upstream, error),
ISO-8601 timestamps with fractions, real user agents, numbers of every shape
(small and 64-bit integers, negatives, decimals, exponents, zero), booleans,
nulls, arrays, and a few strings with escapes or non-ASCII text. Status 404 is
~5% of records, GET ~60%; `.client.user` has 20,000 values (selective)."""
import json
import random
import sys

mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
rnd = random.Random(42)
paths = ["/", "/api/v1/items", "/api/v1/login", "/static/app.js", "/health", "/api/v2/orders/%d", "/search"]
uas = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
       "curl/8.4.0", "python-requests/2.31.0", "Googlebot/2.1 (+http://www.google.com/bot.html)",
       "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64.debian.12"]
statuses = [200] * 15 + [201, 204, 301, 304, 400, 404, 500, 503]
countries = ["DE", "US", "FR", "JP", "BR", "IN", "GB", "NL"]
referers = ["https://example.com/page/%d"] * 30 + ["-"] * 18 + ["https://search.example.org/?q=caf\u00e9+%d", "https://example.com/say?\"hi\"&n=%d"]
methods = ["GET"] * 12 + ["POST"] * 4 + ["PUT", "DELETE", "HEAD", "PATCH"]

out = sys.stdout
size, target = 0, mb * 1_000_000
chunk = []
while size < target:
    h, m, s = rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)
    path = rnd.choice(paths).replace("%d", str(rnd.randrange(100000)))
    rec = {
        "ts": "2026-11-21T%02d:%02d:%02d.%06dZ" % (h, m, s, rnd.randrange(1000000)),
        "host": "web-%02d" % rnd.randrange(16),
        "request": {
            "method": rnd.choice(methods),
            "path": path,
            "query": "page=%d&size=%d" % (rnd.randrange(50), rnd.choice([10, 20, 50])) if rnd.random() < 0.4 else None,
            "headers": {"accept": rnd.choice(["application/json", "*/*", "text/html"])},
        },
        "status": rnd.choice(statuses),
        "bytes": rnd.randrange(0, 2_000_000),
        "duration_ms": round(rnd.random() * 900, 3),
        "upstream": {"latency_s": float("%.3g" % (rnd.random() * 1e-4)), "retries": rnd.choice([0, 0, 0, 1, 2]),
                     "weight": -rnd.randrange(1, 100) / 8},
        "client": {"ip": "%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)),
                   "port": rnd.randrange(1024, 65536), "user": "user%05d" % rnd.randrange(20000),
                   "geo": {"country": rnd.choice(countries), "lat": round(rnd.uniform(-90, 90), 4),
                           "lon": round(rnd.uniform(-180, 180), 4)}},
        "ua": rnd.choice(uas),
        "referer": rnd.choice(referers).replace("%d", str(rnd.randrange(1000))),
        "trace_id": rnd.getrandbits(63),
        "sampled": rnd.random() < 0.1,
        "error": None if rnd.random() < 0.9 else {"code": "E%d" % rnd.randrange(100), "retryable": rnd.random() < 0.5},
        "tags": rnd.sample(["prod", "eu", "us", "beta", "canary", "edge"], rnd.randrange(1, 4)),
    }
    line = json.dumps(rec, separators=(",", ":")) + "\n"
    chunk.append(line)
    size += len(line)
    if len(chunk) == 4096:
        out.write("".join(chunk))
        chunk.clear()
out.write("".join(chunk))
