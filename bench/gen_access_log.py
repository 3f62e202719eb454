#!/usr/bin/env python3
"""Writes N MB of synthetic access-log NDJSON (~550 B/line) to stdout, seeded."""
import json, random, sys
mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
rnd = random.Random(42)
paths = ["/", "/api/v1/items", "/api/v1/login", "/static/app.js", "/health", "/api/v2/orders/%d"]
uas = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
       "curl/8.4.0", "python-requests/2.31.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"]
out, size = sys.stdout, 0
while size < mb * 1_000_000:
    rec = {"ts": "2026-11-21T%02d:%02d:%02d.%03dZ" % (rnd.randrange(24), rnd.randrange(60), rnd.randrange(60), rnd.randrange(1000)),
           "method": rnd.choice(["GET", "GET", "GET", "POST", "PUT"]),
           "path": rnd.choice(paths).replace("%d", str(rnd.randrange(100000))),
           "status": rnd.choice([200] * 17 + [301, 404, 500]),
           "bytes": rnd.randrange(100, 200000), "duration_ms": round(rnd.random() * 900, 3),
           "user": "user%05d" % rnd.randrange(20000), "ip": "10.%d.%d.%d" % (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)),
           "ua": rnd.choice(uas), "referer": "https://example.com/page/%d" % rnd.randrange(1000),
           "req": {"id": "%032x" % rnd.getrandbits(128), "headers": {"host": "api.example.com", "accept": "application/json"}},
           "tags": rnd.sample(["prod", "eu", "us", "beta", "canary"], 2)}
    line = json.dumps(rec, separators=(",", ":")) + "\n"
    out.write(line)
    size += len(line)
