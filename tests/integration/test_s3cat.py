#!/usr/bin/env python3
"""s3cat against the local moto server: many objects in order, gzip, the
newline guard, source tagging, s3ls JSON lines on stdin, local files, large
objects in ranges (byte-exact, MD5-checked), missing objects, and the
s3ls | s3cat | jlfilter pipeline. Usage: test_s3cat.py BIN_DIR STATE_DIR"""
import concurrent.futures
import gzip
import os
import random
import subprocess
import sys

from harness import check, failures, finish, moto_endpoint, moto_env, s3_client

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint = moto_endpoint(state)
env = moto_env(state, endpoint)
s3 = s3_client(endpoint)


def run(cmd, stdin=b"", status=0):
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=env, shell=isinstance(cmd, str))
    if p.returncode != status:
        failures.append("status of %s" % cmd)
        print("FAIL %s: status %d, want %d; stderr: %s" % (cmd, p.returncode, status, p.stderr.decode()[:300]))
    return p


def s3cat(*args, stdin=b"", status=0):
    return run([os.path.join(bin_dir, "s3cat")] + list(args), stdin, status)


b = "cat-%d" % os.getpid()
s3.create_bucket(Bucket=b)

# Many small objects, in the order given, some gzipped, some without a final newline.
rng = random.Random(5)
expected = []
objs = []
for i in range(300):
    lines = ['{"i":%d,"j":%d}' % (i, j) for j in range(rng.randrange(4))]
    text = "\n".join(lines)
    if lines and rng.random() < 0.5:
        text += "\n"
    body = text.encode()
    key = "many/%04d.json" % i
    if rng.random() < 0.3:
        body = gzip.compress(body)
        key += ".gz"
    objs.append((key, body))
    expected += lines
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(lambda kb: s3.put_object(Bucket=b, Key=kb[0], Body=kb[1]), objs))
urls = ["s3://%s/%s" % (b, k) for k, _ in objs]
out = s3cat(*urls).stdout.decode()
check("many objects in order, gunzipped, never merged", out.splitlines() == expected)
check("ends with a newline", out.endswith("\n"))
listing = run([os.path.join(bin_dir, "s3ls"), "s3://%s/many/" % b]).stdout
out2 = s3cat("--concurrency", "8", stdin=listing).stdout.decode()
check("s3ls JSON lines on stdin", out2 == out)
out3 = s3cat(stdin=("\n".join(urls) + "\n").encode()).stdout.decode()
check("plain URLs on stdin", out3 == out)
raw = s3cat("--raw", *urls[:20]).stdout
check("--raw is byte-exact", raw == b"".join(body for _, body in objs[:20]))
none = s3cat("--decompress", "none", *urls[:20]).stdout
check("--decompress none keeps gzip bytes", b"\x1f\x8b" in none and any(k.endswith(".gz") for k, _ in objs[:20]))

# Source tagging of every JSON-object line.
s3.put_object(Bucket=b, Key="folder1/2024-05-01", Body=b'{"rooms":3}\n{ }\n[1]\n')
tagged = s3cat("--source-field", "_src", "s3://%s/folder1/2024-05-01" % b).stdout.decode().splitlines()
src = "s3://%s/folder1/2024-05-01" % b
check("--source-field", tagged == ['{"_src":"%s","rooms":3}' % src, '{"_src":"%s" }' % src, "[1]"], tagged)

# A large object in ranges: byte-exact and order kept, with small parts.
big = os.urandom(5 * 1024 * 1024 + 123)
s3.put_object(Bucket=b, Key="big.bin", Body=big)
for conc in ("1", "3", "8"):
    got = s3cat("--raw", "--concurrency", conc, "--part-size", "256K", "s3://%s/big.bin" % b,
                "s3://%s/many/0001.json" % b).stdout
    check("large object in ranges, concurrency " + conc, got == big + objs[1][1], (len(got), len(big)))
# Multipart upload: ETag is not an MD5 then; still byte-exact.
mp = s3.create_multipart_upload(Bucket=b, Key="multi.bin")
parts_data = [os.urandom(5 * 1024 * 1024), os.urandom(1000)]
parts = []
for n, data in enumerate(parts_data, 1):
    r = s3.upload_part(Bucket=b, Key="multi.bin", UploadId=mp["UploadId"], PartNumber=n, Body=data)
    parts.append({"ETag": r["ETag"], "PartNumber": n})
s3.complete_multipart_upload(Bucket=b, Key="multi.bin", UploadId=mp["UploadId"], MultipartUpload={"Parts": parts})
check("multipart object", s3cat("--raw", "--part-size", "1M", "s3://%s/multi.bin" % b).stdout == b"".join(parts_data))

# Memory stays bounded by concurrency x part size, not by the object.
huge = os.urandom(1 << 20) * 48
s3.put_object(Bucket=b, Key="huge.bin", Body=huge)
measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE); "
           "sys.stdout.write('%d %d' % (len(p.stdout), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
p = run([sys.executable, "-c", measure, os.path.join(bin_dir, "s3cat"), "--raw", "--concurrency", "4", "--part-size", "1M",
         "s3://%s/huge.bin" % b])
size, rss_kb = map(int, p.stdout.split())
check("48 MiB object read whole", size == len(huge), size)
# (Sanitizer builds keep freed memory in quarantine: no bound to check there.)
check("peak memory bounded by the parts, not the object", rss_kb < 32 * 1024 or os.environ.get("JLKIT_SANITIZED"),
      "%d KiB" % rss_kb)

# A closed stdout ends quietly with status 0.
p = run(["bash", "-c", "%s/s3cat --raw --part-size 1M s3://%s/huge.bin | head -c 10 | wc -c; exit ${PIPESTATUS[0]}"
         % (bin_dir, b)])
check("closed stdout", p.stdout.strip() == b"10" and p.stderr == b"", p)

# Odd keys are fetched exactly.
for k in ("odd/a b+c%d.json", "odd/ü日本 😀.json"):
    s3.put_object(Bucket=b, Key=k, Body=k.encode() + b"\n")
got = s3cat("s3://%s/odd/a b+c%%d.json" % b, "s3://%s/odd/ü日本 😀.json" % b).stdout.decode()
check("odd keys", got == "odd/a b+c%d.json\nodd/ü日本 😀.json\n", got)

# Local files work too; gzip is detected there as well.
local = os.path.join(state, "local-%d.json.gz" % os.getpid())
with open(local, "wb") as f:
    f.write(gzip.compress(b'{"local":1}'))
check("local file", s3cat(local, urls[0]).stdout.decode().splitlines()[0] == '{"local":1}')

# Missing objects: an error after what came before, or skipped with a warning.
p = s3cat(urls[1], "s3://%s/nope.json" % b, urls[2], status=1)
check("missing: earlier objects written", p.stdout.decode().splitlines() == [l for l in expected if '"i":1,' in l])
check("missing: message names the URL", b"s3://%s/nope.json" % b.encode() in p.stderr and b"NoSuchKey" in p.stderr, p.stderr)
p = s3cat("--skip-missing", urls[1], "s3://%s/nope.json" % b, urls[2])
check("--skip-missing", b"skipped 1 missing object" in p.stderr, p.stderr)
s3cat("s3://no-such-bucket-%d/x" % os.getpid(), status=1)
s3cat("--decompress", "zip", status=2, stdin=b"")

# The pipeline: s3ls | s3cat | jlfilter.
p = run("%s/s3ls s3://%s/many/ | %s/s3cat | %s/jlfilter '.j == 2' | wc -l" % (bin_dir, b, bin_dir, bin_dir))
check("s3ls | s3cat | jlfilter", int(p.stdout) == sum(1 for l in expected if '"j":2' in l), p.stdout)

finish()
