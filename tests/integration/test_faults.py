#!/usr/bin/env python3
"""Network faults between the programs and the real servers (moto, Azurite),
injected by the proxy in proxy.py at a given rate and seed, one kind at a
time and all mixed: connection resets mid-body, 500 / 503 SlowDown / 429
bursts, stalls past --timeout, truncated bodies, wrong Content-Length, slow
answers. Under every fault:
  s3cat      writes exactly the objects' bytes, or fails with status 1 and a
             message (never a torn output with status 0);
  s3ls       prints every key exactly once;
  s3put      stores exactly the input or nothing, and leaves no multipart
             upload behind;
  blobappend leaves every record in the blob exactly once, in order.
Then, with faults on every request, each program must give up with status 1
and a message naming what failed.

Budget: JLKIT_FAULT_RATE (default 0.2), JLKIT_FAULT_SEED (1),
JLKIT_FAULT_ROUNDS (1; each round a new seed and new data) and
JLKIT_FAULT_RETRIES (8). With the default retries a status 1 counts as a
failure (retries should win at these rates); with fewer it is accepted when
the invariants above hold. scripts/soak.sh runs many rounds.
Usage: test_faults.py BIN_DIR STATE_DIR"""
import concurrent.futures
import gzip
import hashlib
import os
import random
import subprocess
import sys
import time

from azure import Azure, azure_env, azurite_port, connection_string
from harness import check, failures, finish, moto_bucket
from proxy import FAULTS, Faults, Proxy

bin_dir, state = sys.argv[1], sys.argv[2]
RATE = float(os.environ.get("JLKIT_FAULT_RATE", "0.2"))
SEED = int(os.environ.get("JLKIT_FAULT_SEED", "1"))
ROUNDS = int(os.environ.get("JLKIT_FAULT_ROUNDS", "1"))
RETRIES = int(os.environ.get("JLKIT_FAULT_RETRIES", "8"))
MUST_SUCCEED = RETRIES >= 8
TIMEOUT_S, STALL_S = 1, 2.5
NET = ["--retries", str(RETRIES), "--timeout", str(TIMEOUT_S)]

endpoint, env, s3, bucket = moto_bucket(state, "faults")
s3_proxy = Proxy(int(endpoint.rsplit(":", 1)[1]))
s3_env = dict(env, AWS_ENDPOINT_URL="http://127.0.0.1:%d" % s3_proxy.port)
az = Azure(state)
az_proxy = Proxy(azurite_port(state))
az_endpoint = "http://127.0.0.1:%d/devstoreaccount1" % az_proxy.port
az_env = azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING=connection_string(state).replace(
    "127.0.0.1:%d" % azurite_port(state), "127.0.0.1:%d" % az_proxy.port))
container = "faults%d" % os.getpid()
az.create_container(container)
outcomes = {"ok": 0, "gave up": 0}


def tool(name):
    return os.path.join(bin_dir, name)


def records(rng, n):
    return b"".join(b'{"id":%d,"user":"u%05d","msg":"%s"}\n' % (i, rng.randrange(99999), b"x" * rng.randrange(200))
                    for i in range(n))


def run(proxy, faults, argv, env, data=b""):
    proxy.reset(faults=faults)
    start = time.time()
    p = subprocess.run(argv, input=data, capture_output=True, env=env, timeout=600)
    return p, time.time() - start


def judge(name, p, faults, proxy, intact, message_names):
    """Status 0 needs `intact`; status 1 needs a message; anything else fails."""
    where = "%s [%s, seed %d, %d faults: %s]" % (name, faults.label, faults.seed, len(proxy.injected),
                                                 ",".join(sorted({f for _, f, _, _ in proxy.injected})))
    err = p.stderr.decode(errors="replace")
    if p.returncode == 0:
        outcomes["ok"] += 1
        check(where + ": output intact", intact, err[-300:])
    elif p.returncode == 1:
        outcomes["gave up"] += 1
        check(where + ": gave up while retries remained", not MUST_SUCCEED, err[-300:])
        check(where + ": a message naming " + message_names, any(w in err for w in message_names.split("|")), err[-300:])
    else:
        check(where + ": status %d" % p.returncode, False, err[-300:])


def fault_plans(round_seed):
    for kind in list(FAULTS) + ["mixed"]:
        f = Faults(RATE, round_seed, FAULTS if kind == "mixed" else [kind], stall_s=STALL_S)
        f.label, f.seed = kind, round_seed
        yield f


def s3cat_case(rng, faults):
    # One object read in 64 KiB ranges, small ones, one gzipped; the bytes
    # must come out exactly, in order.
    big = records(rng, 3000)
    small = [records(rng, rng.randrange(1, 40)) for _ in range(4)]
    objs = [("cat/big.json", big)] + [("cat/s%d.json" % i, b) for i, b in enumerate(small)]
    objs.append(("cat/z.json.gz", gzip.compress(small[0])))
    for k, b in objs:
        s3.put_object(Bucket=bucket, Key=k, Body=b)
    want = b"".join(b for _, b in objs[:-1]) + small[0]
    argv = [tool("s3cat"), "--part-size", "64K", "--concurrency", "4"] + NET + \
           ["s3://%s/%s" % (bucket, k) for k, _ in objs]
    p, _ = run(s3_proxy, faults, argv, s3_env)
    judge("s3cat", p, faults, s3_proxy, p.stdout == want, "s3cat:")
    if p.returncode == 1:
        check("s3cat: what it wrote before giving up is a prefix", want.startswith(p.stdout))


listed_keys = []


def s3ls_setup():
    keys = ["ls/%04d/%s.json" % (i, "k" * (i % 7)) for i in range(2300)]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=b"{}\n"), keys))
    listed_keys.extend(sorted(keys))


def s3ls_case(rng, faults):
    # 2,300 keys are three pages; several listings per fault plan.
    for _ in range(3):
        p, _ = run(s3_proxy, faults, [tool("s3ls"), "--urls"] + NET + ["s3://%s/ls/" % bucket], s3_env)
        got = [u[len("s3://%s/" % bucket):] for u in p.stdout.decode().splitlines()]
        judge("s3ls", p, faults, s3_proxy, got == listed_keys, "s3ls:")
        if p.returncode == 1:
            check("s3ls: no key twice before giving up", len(got) == len(set(got)))


def uploads_left():
    return s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])


def s3put_case(rng, faults):
    # 3.5 MiB from a pipe: four multipart parts; and a small input (one PutObject).
    for size, key in ((7 << 19, "put/big.json"), (3000, "put/small.json")):
        data = records(rng, size // 110)[:size]
        try:
            s3.delete_object(Bucket=bucket, Key=key)
        except Exception:
            pass
        argv = [tool("s3put"), "--part-size", "1M", "--concurrency", "3"] + NET + ["s3://%s/%s" % (bucket, key)]
        p, _ = run(s3_proxy, faults, argv, s3_env, data)
        try:
            stored = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except s3.exceptions.NoSuchKey:
            stored = None
        judge("s3put %s" % key, p, faults, s3_proxy, stored == data, "s3put:")
        tag = "s3put %s [%s, seed %d, faults %s]" % (key, faults.label, faults.seed, s3_proxy.injected)
        check(tag + ": exactly the input or nothing", stored in (None, data),
              "stored %s bytes, input %d" % (None if stored is None else len(stored), len(data)))
        left = uploads_left()
        check(tag + ": no multipart upload left behind", not left, [u["UploadId"] for u in left])
        for u in left:
            s3.abort_multipart_upload(Bucket=bucket, Key=u["Key"], UploadId=u["UploadId"])


blob_serial = [0]


def blobappend_case(rng, faults):
    # 1 MiB of records in 64 KiB blocks, appended to a new blob; then more
    # to the same blob.
    blob_serial[0] += 1
    name = "b%d.jsonl" % blob_serial[0]
    url = "%s/%s/%s" % (az_endpoint, container, name)
    want = b""
    for part in range(2):
        data = records(rng, 4000 if part == 0 else 500)
        argv = [tool("blobappend"), "--block-size", "64K"] + NET + [url]
        p, _ = run(az_proxy, faults, argv, az_env, data)
        blob = az.get("%s/%s" % (container, name)) or b""
        judge("blobappend (%s)" % ("new blob" if part == 0 else "existing blob"), p, faults, az_proxy,
              blob == want + data, "blobappend:")
        # Whatever happened, nothing was appended twice or out of order.
        check("blobappend: the blob is the input's records exactly once, in order",
              (want + data).startswith(blob) and blob.startswith(want), "blob %d bytes" % len(blob))
        if p.returncode != 0:
            break
        want += data


def lost_answers():
    """Each of s3put's requests in turn carried out by moto but its answer
    lost: CreateMultipartUpload (an upload started that s3put never heard
    of), each part, CompleteMultipartUpload (the retry finds the upload
    gone). Every time: the object is exactly the input, no upload is left."""
    data = records(random.Random(SEED), 30000)[:(5 << 19)]
    argv = [tool("s3put"), "--part-size", "1M", "--concurrency", "1"] + NET + ["s3://%s/lost/answer.json" % bucket]
    s3_proxy.reset()
    subprocess.run(argv, input=data, capture_output=True, env=s3_env, check=True)
    requests = [(m, path) for m, path, _, _ in s3_proxy.log]
    check("s3put lost answers: a multipart upload of several requests", len(requests) >= 5, requests)
    for n, (method, path) in enumerate(requests, 1):
        s3.delete_object(Bucket=bucket, Key="lost/answer.json")
        s3_proxy.reset(plan={n: "drop"})
        p = subprocess.run(argv, input=data, capture_output=True, env=s3_env, timeout=300)
        stored = s3.get_object(Bucket=bucket, Key="lost/answer.json")["Body"].read() if p.returncode == 0 else None
        what = "s3put, answer to request %d (%s %s) lost" % (n, method, path.split("?")[-1][:30])
        check(what + ": status 0, the input stored", p.returncode == 0 and stored == data, p.stderr.decode()[-300:])
        left = uploads_left()
        check(what + ": no upload left behind", not left, left)
        for u in left:
            s3.abort_multipart_upload(Bucket=bucket, Key=u["Key"], UploadId=u["UploadId"])


def give_up_cases():
    """Faults on every request and two attempts: each program stops with
    status 1 and a message, and leaves nothing half done."""
    always = Faults(1.0, SEED, ["503"])
    always.label, always.seed = "503 always", SEED
    few = ["--retries", "2", "--timeout", str(TIMEOUT_S)]
    s3.put_object(Bucket=bucket, Key="give/up.json", Body=b'{"a":1}\n' * 1000)
    for name, argv, data in (("s3cat", [tool("s3cat")] + few + ["s3://%s/give/up.json" % bucket], b""),
                             ("s3ls", [tool("s3ls")] + few + ["s3://%s/give/" % bucket], b""),
                             ("s3put", [tool("s3put")] + few + ["s3://%s/give/new.json" % bucket], b"x\n" * 1000)):
        p, _ = run(s3_proxy, always, argv, s3_env, data)
        err = p.stderr.decode()
        check("%s gives up: status 1" % name, p.returncode == 1, (p.returncode, err))
        check("%s gives up: the message names the service's answer and the attempts" % name,
              err.startswith(name + ": ") and "SlowDown" in err and "2 attempts" in err, err)
        check("%s gives up: nothing on stdout" % name, p.stdout == b"", p.stdout[:100])
    check("s3put gives up: no object", "give/new.json" not in
          [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="give/").get("Contents", [])])
    check("s3put gives up: no upload left", not uploads_left())
    always.flavour = "azure"
    p, _ = run(az_proxy, always, [tool("blobappend")] + few + ["%s/%s/never.jsonl" % (az_endpoint, container)],
               az_env, b"{}\n")
    err = p.stderr.decode()
    check("blobappend gives up: status 1 and a message", p.returncode == 1 and "ServerBusy" in err, (p.returncode, err))
    # A stall on every request: the timeout, not a hang.
    stall = Faults(1.0, SEED, ["stall"], stall_s=STALL_S)
    stall.label, stall.seed = "stall always", SEED
    p, took = run(s3_proxy, stall, [tool("s3cat")] + few + ["s3://%s/give/up.json" % bucket], s3_env)
    check("s3cat under stalls: status 1 with a timeout message", p.returncode == 1 and "timeout" in p.stderr.decode().lower(),
          p.stderr.decode())
    check("s3cat under stalls: gave up after about 2 timeouts, not hung (%.1f s)" % took, took < 30)


s3ls_setup()
start = time.time()
for r in range(ROUNDS):
    round_seed = SEED + r
    rng = random.Random(round_seed)
    for faults in fault_plans(round_seed):
        s3cat_case(rng, faults)
        s3ls_case(rng, faults)
        s3put_case(rng, faults)
        faults.flavour = "azure"
        blobappend_case(rng, faults)
    print("round %d (seed %d): %d ok, %d gave up, %d failures so far, %.0f s" %
          (r + 1, round_seed, outcomes["ok"], outcomes["gave up"], len(failures), time.time() - start), flush=True)
lost_answers()
give_up_cases()
s3_proxy.close()
az_proxy.close()
finish()
