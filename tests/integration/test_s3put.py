#!/usr/bin/env python3
"""s3put against the local moto server (parts may be 64 KiB there): sizes
around the part boundary, large random data read back, content types,
metadata and SSE headers, --if-none-match, the part size growing, --gzip,
abort on SIGTERM and on a failing part (no object, no upload left), and
peak memory within the documented bound. Usage: test_s3put.py BIN_DIR STATE_DIR"""
import gzip
import json
import os
import signal
import subprocess
import sys
import time

from harness import check, finish, moto_bucket, run

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint, env, s3, b = moto_bucket(state, "put")
S3PUT = os.path.join(bin_dir, "s3put")


def put(key, data, *args, status=0):
    return run([S3PUT] + list(args) + ["s3://%s/%s" % (b, key)], data, env, status, "s3put " + key)


def start_upload(key, size):
    """s3put of `size` bytes and counting, once its multipart upload exists."""
    proc = subprocess.Popen([S3PUT, "--part-size", "64K", "s3://%s/%s" % (b, key)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdin.write(os.urandom(size))
    proc.stdin.flush()
    for _ in range(100):
        if uploads():
            break
        time.sleep(0.05)
    return proc


def body(key):
    return s3.get_object(Bucket=b, Key=key)["Body"].read()


def uploads():
    return s3.list_multipart_uploads(Bucket=b).get("Uploads", [])


K = 64 * 1024
for name, size in (("empty", 0), ("one-byte", 1), ("exactly-one-part", K), ("one-over", K + 1), ("three-parts", 3 * K - 5)):
    data = os.urandom(size)
    p = put(name, data, "--part-size", "64K")
    out = json.loads(p.stdout)
    check(name + " stored exactly", body(name) == data)
    check(name + " reported", out["url"] == "s3://%s/%s" % (b, name) and out["size"] == size and out["etag"],
          out)
    check(name + " parts", out["parts"] == (1 if size <= K else -(-size // K)), out)

path = os.path.join(state, "input-%d.bin" % os.getpid())
data = os.urandom(3 * K + 1)
with open(path, "wb") as f:
    f.write(data)
p = subprocess.run([S3PUT, "--input", path, "--part-size", "64K", "s3://%s/from-file.bin" % b], capture_output=True, env=env)
check("--input", p.returncode == 0 and json.loads(p.stdout)["parts"] == 4 and body("from-file.bin") == data, p.stderr)
os.remove(path)

big = os.urandom(48 << 20)
out = json.loads(put("big.bin", big, "--part-size", "1M", "--concurrency", "6").stdout)
check("48 MiB byte for byte", body("big.bin") == big and out["parts"] == 48, out)

for key, ctype in (("a.csv", "text/csv"), ("a.json", "application/json"), ("a.jsonl", "application/x-ndjson"),
                   ("a.gz", "application/gzip"), ("a.png", "image/png"), ("a.PDF", "application/pdf"),
                   ("noext", "application/octet-stream")):
    put(key, b"x")
    got = s3.head_object(Bucket=b, Key=key)["ContentType"]
    check("content type of " + key, got == ctype, got)
put("typed", b"x", "--content-type", "text/x-custom")
check("--content-type", s3.head_object(Bucket=b, Key="typed")["ContentType"] == "text/x-custom")

put("meta.json", b"{}", "--metadata", "source=seed-003", "--metadata", "run=7", "--sse", "AES256",
    "--cache-control", "no-cache", "--storage-class", "STANDARD_IA")
h = s3.head_object(Bucket=b, Key="meta.json")
check("metadata", h.get("Metadata") == {"source": "seed-003", "run": "7"}, h.get("Metadata"))
check("SSE", h.get("ServerSideEncryption") == "AES256", h.get("ServerSideEncryption"))
check("cache control", h.get("CacheControl") == "no-cache", h.get("CacheControl"))
check("storage class", h.get("StorageClass") == "STANDARD_IA", h.get("StorageClass"))
multi_meta = put("meta-multi.bin", os.urandom(3 * K), "--part-size", "64K", "--metadata", "k=v", "--sse", "AES256")
h = s3.head_object(Bucket=b, Key="meta-multi.bin")
check("metadata on a multipart upload", h.get("Metadata") == {"k": "v"} and h.get("ServerSideEncryption") == "AES256", h)

p = put("meta.json", b"new", "--if-none-match", status=1)
check("--if-none-match refuses", b"already exists" in p.stderr and body("meta.json") == b"{}", p.stderr)
p = put("meta-multi.bin", os.urandom(3 * K), "--part-size", "64K", "--if-none-match", status=1)
check("--if-none-match refuses a multipart upload", uploads() == [], uploads())
put("fresh.json", b"{}", "--if-none-match")

text = b"".join(b'{"i":%d}\n' % i for i in range(50000))
put("seq.jsonl.gz", text, "--gzip")
check("--gzip", gzip.decompress(body("seq.jsonl.gz")) == text)

# The part size doubles after 1,000 parts: 64 KiB x 1000, then 128 KiB parts.
grow = os.urandom(1000 * K + 300 * K)
out = json.loads(put("grow.bin", grow, "--part-size", "64K", "--concurrency", "8", "--checksum", "crc32").stdout)
check("part size grows", out["parts"] == 1000 + 150 and body("grow.bin") == grow, out)

# SIGTERM mid-stream: the upload is aborted, nothing is left.
proc = start_upload("killed.bin", 5 * K)
check("an upload was in progress", len(uploads()) == 1)
proc.send_signal(signal.SIGTERM)
err = proc.communicate(timeout=30)[1]
check("SIGTERM: status 1", proc.returncode == 1, (proc.returncode, err))
check("SIGTERM: upload aborted", uploads() == [], uploads())
check("SIGTERM: no object", "Contents" not in s3.list_objects_v2(Bucket=b, Prefix="killed"))

# A failing part: the upload is aborted from outside while parts still come.
proc = start_upload("failed.bin", 3 * K)
for u in uploads():
    s3.abort_multipart_upload(Bucket=b, Key=u["Key"], UploadId=u["UploadId"])
try:
    proc.stdin.write(os.urandom(8 * K))
    proc.stdin.close()
except BrokenPipeError:
    pass
err = proc.communicate(timeout=30)[1]
# moto answers a part of an aborted upload with a 500 (S3 with 404 NoSuchUpload).
check("failing part: status 1, naming the part", proc.returncode == 1 and b"failed.bin: part " in err,
      (proc.returncode, err))
check("failing part: nothing left", uploads() == [] and "Contents" not in s3.list_objects_v2(Bucket=b, Prefix="failed"))

# Peak memory: (concurrency + 1) x part size plus the program, for a stream
# six times that size.
measure = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stdin=sys.stdin, capture_output=True); "
           "sys.stdout.write('%d %d' % (p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
stream = os.urandom(16 << 20) * 12  # 192 MiB
p = subprocess.run([sys.executable, "-c", measure, S3PUT, "--part-size", "5M", "--concurrency", "3", "s3://%s/mem.bin" % b],
                   input=stream, capture_output=True, env=env)
rc, rss_kb = map(int, p.stdout.split())
bound_kb = (3 + 1) * 5 * 1024 + 20 * 1024
check("memory bound", rc == 0 and (rss_kb < bound_kb or os.environ.get("JLKIT_SANITIZED")), "%d KiB, bound %d KiB" % (rss_kb, bound_kb))
check("192 MiB stream stored byte for byte", body("mem.bin") == stream)

finish()
