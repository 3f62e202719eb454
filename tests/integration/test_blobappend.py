#!/usr/bin/env python3
"""blobappend against the local Azurite server: creation, small and large
streams read back byte for byte, line-aligned blocks (seen through a proxy),
lines longer than a block, a second writer, a lost answer (retried without
appending twice), --max-size, every way of giving credentials, a wrong key,
blobs of another type, and the ledger (skip, resume, refusals).
Usage: test_blobappend.py BIN_DIR STATE_DIR"""
import json
import os
import random
import subprocess
import sys

from azure import ACCOUNT, KEY, Azure, azure_env, azurite_port, connection_string, endpoint
import harness
from harness import check, finish
from proxy import Proxy

bin_dir, state = sys.argv[1], sys.argv[2]
BLOBAPPEND = os.path.join(bin_dir, "blobappend")
az = Azure(state)
C = "append-%d" % os.getpid()
az.create_container(C)
env = azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING=connection_string(state))
rng = random.Random(6)


def run(url, data, *args, status=0, env=env, name=None):
    p = harness.run([BLOBAPPEND] + list(args) + [url], data, env, status, name or url)
    out = json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else None
    return p, out


def url(blob):
    return "az://%s/%s/%s" % (ACCOUNT, C, blob)


def lines(n, width=60):
    return b"".join(b'{"n":%d,"pad":"%s"}\n' % (i, b"x" * rng.randrange(width)) for i in range(n))


# Creation, content type, a last line without a newline.
p, out = run(url("small.jsonl"), b'{"a":1}\n{"a":2}')
check("small: content", az.get(C + "/small.jsonl") == b'{"a":1}\n{"a":2}\n', az.get(C + "/small.jsonl"))
check("small: output", out == {"url": url("small.jsonl"), "offset": 0, "bytes": 16, "blocks": 1}, out)
props = az.props(C + "/small.jsonl")
check("small: append blob", props and props.get("x-ms-blob-type") == "AppendBlob", props)
check("small: content type from the extension", props and props.get("content-type") == "application/x-ndjson", props)
p, out = run(url("small.jsonl"), b'{"a":3}\n')
check("small: appended at the end", az.get(C + "/small.jsonl") == b'{"a":1}\n{"a":2}\n{"a":3}\n')
check("small: offset of the second run", out and out["offset"] == 16, out)
run(url("odd name+plus%.jsonl"), b"odd\n")
check("blob name with space, + and %", az.get(C + "/odd name+plus%.jsonl") == b"odd\n")
run(url("typed"), b"x\n", "--content-type", "text/plain")
check("--content-type", (az.props(C + "/typed") or {}).get("content-type") == "text/plain")
p, out = run(url("empty"), b"")
check("empty input: blob created, nothing appended", az.get(C + "/empty") == b"" and out and out["blocks"] == 0, out)
p, _ = run(url("absent"), b"x\n", "--no-create", status=1)
check("--no-create: message", b"no such blob" in p.stderr, p.stderr)
check("--no-create: not created", az.props(C + "/absent") is None)

# A large stream in line-aligned blocks, seen through the proxy.
proxy = Proxy(azurite_port(state))
penv = azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING=connection_string(state).replace(
    ":%d/" % azurite_port(state), ":%d/" % proxy.port))
big = lines(200000, 200)
proxy.reset()
p, out = run(url("big.jsonl"), big, "--block-size", "1M", env=penv)
check("big: byte for byte", az.get(C + "/big.jsonl") == big, len(az.get(C + "/big.jsonl") or b""))
appends = [e for e in proxy.log if "comp=appendblock" in e[1]]
check("big: blocks of at most 1 MiB", appends and all(size <= 1 << 20 for _, _, size, _ in appends), appends[:3])
check("big: every block ends a line", appends and all(nl for _, _, _, nl in appends))
check("big: blocks reported", out and out["blocks"] == len(appends) and out["bytes"] == len(big), out)
check("big: blocks nearly full", appends and min(s for _, _, s, _ in appends[:-1]) > (1 << 20) - 400, appends[:3])

# A line longer than a block: an error naming it, the lines before it appended.
data = b"short\n" * 10 + b"L" * 5000 + b"\nafter\n"
p, _ = run(url("long"), data, "--block-size", "1K", status=1)
check("long line: message names it", b"line 11" in p.stderr and b"--block-size" in p.stderr, p.stderr)
check("long line: says what was appended", b"60 bytes (10 lines)" in p.stderr, p.stderr)
check("long line: whole lines before it", az.get(C + "/long") == b"short\n" * 10, az.get(C + "/long"))
p, _ = run(url("long2"), data, "--block-size", "1K", "--split-records")
check("--split-records: all of it", az.get(C + "/long2") == data, len(az.get(C + "/long2") or b""))

# Another writer appends while blobappend runs: detected, status 1.
def intrude(n, method, path):
    if n == 5:
        az.append(C + "/race", b"intruder\n")
proxy.reset(before=intrude)
p, _ = run(url("race"), lines(3000), "--block-size", "16K", env=penv, status=1)
check("second writer: reported", b"another writer" in p.stderr, p.stderr)
check("second writer: says what was appended", b"before that, this run appended" in p.stderr, p.stderr)
got = az.get(C + "/race")
check("second writer: its record intact after ours", got and got.endswith(b"intruder\n") and got.count(b"intruder") == 1)

# A lost answer: the block landed, the retry finds it and does not append it again.
data = lines(3000)
proxy.reset(plan={6: "drop", 9: "drop"})
p, out = run(url("lost"), data, "--block-size", "16K", env=penv)
check("lost answer: exactly once", az.get(C + "/lost") == data, len(az.get(C + "/lost") or b""))
check("lost answer: said", b"answer was lost" in p.stderr, p.stderr)
proxy.reset(plan={n: "drop" for n in range(6, 40)})
p, _ = run(url("down"), data, "--block-size", "16K", "--retries", "3", env=penv, status=1)
check("lost answers: gives up after --retries", b"after 3 attempts" in p.stderr, p.stderr)
check("lost answers: says the block may have landed, and what went in before",
      b"may or may not have been appended" in p.stderr and b"before that, this run appended" in p.stderr, p.stderr)

# --max-size: stops before the block that would exceed it.
p, _ = run(url("capped"), b"0123456789\n" * 100, "--block-size", "110", "--max-size", "500", status=1)
check("--max-size: message", b"--max-size 500" in p.stderr and b"440 bytes (40 lines) in 4 blocks" in p.stderr, p.stderr)
check("--max-size: blob within it", len(az.get(C + "/capped")) == 440)

# Not an append blob.
az.put_block_blob(C + "/block", b"x\n")
p, _ = run(url("block"), b"y\n", status=1)
check("block blob: refused", b"BlockBlob, not an append blob" in p.stderr, p.stderr)
check("block blob: untouched", az.get(C + "/block") == b"x\n")
p, _ = run("az://%s/no-such-container/x" % ACCOUNT, b"y\n", status=1)
check("missing container: message", b"ContainerNotFound" in p.stderr, p.stderr)

# Credentials: SharedKey by account and key, SAS in the URL or the environment,
# connection strings (UseDevelopmentStorage=true too); wrong key; none.
ep = endpoint(state)
run(url("auth"), b"1\n", "--endpoint-url", ep, env=azure_env(os.environ, AZURE_STORAGE_ACCOUNT=ACCOUNT, AZURE_STORAGE_KEY=KEY),
    name="AZURE_STORAGE_KEY")
sas = az.account_sas()
run("%s/%s/auth?%s" % (ep, C, sas), b"2\n", env=azure_env(os.environ), name="SAS in the URL")
run(url("auth"), b"3\n", "--endpoint-url", ep, env=azure_env(os.environ, AZURE_STORAGE_SAS_TOKEN="?" + sas), name="AZURE_STORAGE_SAS_TOKEN")
run(url("auth"), b"4\n", "--endpoint-url", ep, env=azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING="UseDevelopmentStorage=true"),
    name="UseDevelopmentStorage=true")
run(url("auth"), b"5\n", env=azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=%s;SharedAccessSignature=%s" % (ep, sas)),
    name="connection string with a SAS")
check("auth: every way appended", az.get(C + "/auth") == b"1\n2\n3\n4\n5\n", az.get(C + "/auth"))
wrong = KEY[:10] + ("A" if KEY[10] != "A" else "B") + KEY[11:]
p, _ = run(url("auth"), b"6\n", "--endpoint-url", ep, env=azure_env(os.environ, AZURE_STORAGE_ACCOUNT=ACCOUNT, AZURE_STORAGE_KEY=wrong),
           status=1, name="wrong key")
check("wrong key: clear message", b"check the account key" in p.stderr and b"AZURE_STORAGE_KEY" in p.stderr, p.stderr)
check("wrong key: no secret printed", wrong.encode() not in p.stderr and KEY.encode() not in p.stderr)
p, _ = run("%s/%s/auth?%s" % (ep, C, sas.replace("sig=", "sig=AAAA")), b"7\n", "--verbose", env=azure_env(os.environ), status=1,
           name="bad SAS")
check("bad SAS: signature never printed", b"sig=REDACTED" in p.stderr and sas.split("sig=")[1].encode() not in p.stderr, p.stderr)
p, _ = run(url("auth"), b"8\n", env=azure_env(os.environ), status=1, name="no credentials")
check("no credentials: message", b"no credentials" in p.stderr and b"AZURE_STORAGE_CONNECTION_STRING" in p.stderr, p.stderr)
check("auth: failures appended nothing", az.get(C + "/auth") == b"1\n2\n3\n4\n5\n")
p, _ = run("s3://b/k", b"", status=2, name="not a blob URL")

# The ledger: a key is appended once; a rerun says so and appends nothing.
L = url("ledger.jsonl")
p, out = run(url("led"), b"a\nb\n", "--ledger", L, "--key", "k1")
p, out2 = run(url("led"), b"a\nb\n", "--ledger", L, "--key", "k1")
check("ledger: second run appends nothing", az.get(C + "/led") == b"a\nb\n", az.get(C + "/led"))
check("ledger: second run says so", b"in the ledger already" in p.stderr and out2 and out2.get("skipped") == 1, (p.stderr, out2))
p, out = run(url("led"), b"c\n", "--ledger", L, "--key", "k2")
check("ledger: another key appended", az.get(C + "/led") == b"a\nb\nc\n" and out and out["offset"] == 4, out)
recs = [json.loads(x) for x in az.get(C + "/ledger.jsonl").splitlines()]
check("ledger: start and done records", [(r["key"], r["event"]) for r in recs] == [("k1", "start"), ("k1", "done"), ("k2", "start"), ("k2", "done")], recs)
check("ledger: done record fields", recs[1]["url"] == url("led") and recs[1]["offset"] == 0 and recs[1]["bytes"] == 4 and "timestamp" in recs[1], recs[1])

# A key logged by hand (the seed's format: no event) counts as done.
az.create_append_blob(C + "/handlog")
az.append(C + "/handlog", b'{"timestamp": "2017-03-20 10:00:00", "key": "folder1/2017-01-01"}\n')
p, out = run(url("led"), b"zzz\n", "--ledger", url("handlog"), "--key", "folder1/2017-01-01")
check("hand-written ledger: key skipped", out and out.get("skipped") == 1 and az.get(C + "/led") == b"a\nb\nc\n", (out, p.stderr))

# An unfinished run (start without done) resumes only with the same input.
az.create_append_blob(C + "/res")
az.append(C + "/res", b"old\n")
az.create_append_blob(C + "/res-ledger")
az.append(C + "/res-ledger", b'{"key":"r","event":"start","url":"%s","offset":4,"timestamp":"x"}\n' % url("res").encode())
az.append(C + "/res", b"one\ntwo\n")  # what the killed run had appended
p, _ = run(url("res"), b"ONE\ntwo\nthree\n", "--ledger", url("res-ledger"), "--key", "r", status=1, name="resume, other input")
check("resume: differing input refused", b"differs" in p.stderr and az.get(C + "/res") == b"old\none\ntwo\n", p.stderr)
p, _ = run(url("res"), b"x\n", "--ledger", url("res-ledger"), "--key", "other", status=1, name="another key while one is unfinished")
check("unfinished key: named", b"unfinished run of key 'r'" in p.stderr, p.stderr)
p, out = run(url("res"), b"one\ntwo\nthree\n", "--ledger", url("res-ledger"), "--key", "r", name="resume")
check("resume: the rest appended", az.get(C + "/res") == b"old\none\ntwo\nthree\n", az.get(C + "/res"))
check("resume: output", out == {"url": url("res"), "offset": 4, "bytes": 14, "blocks": 1, "resumed": 8}, out)

# With a ledger, an input ending inside a line was cut short: that line stays out, the key open.
p, _ = run(url("cut"), b"one\ntwo\nthr", "--ledger", url("cut-ledger"), "--key", "c", status=1, name="cut-short input")
check("cut-short input: message", b"ends inside a line" in p.stderr, p.stderr)
check("cut-short input: whole lines only", az.get(C + "/cut") == b"one\ntwo\n", az.get(C + "/cut"))
check("cut-short input: key not done", b'"done"' not in (az.get(C + "/cut-ledger") or b""))
p, out = run(url("cut"), b"one\ntwo\nthree\n", "--ledger", url("cut-ledger"), "--key", "c", name="cut-short input, rerun")
check("cut-short input: rerun completes", az.get(C + "/cut") == b"one\ntwo\nthree\n" and out and out.get("resumed") == 8, out)

# --defer-done / --mark-done: the key is done only when the whole pipeline succeeded.
led = url("dd-ledger")
script = ("set -o pipefail; (printf 'a\\nb\\n'; exit %d) | {b} --defer-done --ledger {l} --key d {u} && "
          "{b} --mark-done --ledger {l} --key d {u} </dev/null").replace("{b}", BLOBAPPEND).replace("{l}", led).replace("{u}", url("dd"))
p = subprocess.run(["bash", "-c", script % 3], capture_output=True, env=env)
check("producer failed: pipeline status", p.returncode == 3, (p.returncode, p.stderr))
check("producer failed: key left open", b'"done"' not in (az.get(C + "/dd-ledger") or b""), az.get(C + "/dd-ledger"))
p, _ = run(url("dd"), b"x\n", "--ledger", led, "--key", "other", status=1, name="other key while d is open")
check("open key blocks others", b"unfinished run of key 'd'" in p.stderr, p.stderr)
p = subprocess.run(["bash", "-c", (script % 0).replace("printf 'a\\nb\\n'", "printf 'a\\nb\\nc\\n'")], capture_output=True, env=env)
check("producer succeeded: pipeline status", p.returncode == 0, p.stderr)
recs = [json.loads(x) for x in az.get(C + "/dd-ledger").splitlines()]
check("marked done with the whole length", recs[-1]["event"] == "done" and recs[-1]["bytes"] == 6, recs)
check("deferred data exactly once", az.get(C + "/dd") == b"a\nb\nc\n", az.get(C + "/dd"))
run(url("dd"), b"", "--mark-done", "--ledger", led, "--key", "nothing", status=1, name="--mark-done without an open run")

# A run that cannot start records nothing (the ledger stays usable for other keys).
p, _ = run(url("tiny"), b"0123456789\n" * 3, "--max-size", "5", "--ledger", url("tiny-ledger"), "--key", "t", status=1, name="max-size at once")
check("cannot start: no start record", b'"key":"t"' not in (az.get(C + "/tiny-ledger") or b""), az.get(C + "/tiny-ledger"))
run(url("tiny"), b"ok\n", "--ledger", url("tiny-ledger"), "--key", "u", name="next key after a run that could not start")

# A key whose run into another blob is unfinished is refused here.
az.create_append_blob(C + "/else-ledger")
az.append(C + "/else-ledger", b'{"key":"e","event":"start","url":"%s","offset":0,"timestamp":"x"}\n' % url("elsewhere").encode())
p, _ = run(url("here"), b"x\n", "--ledger", url("else-ledger"), "--key", "e", status=1, name="key unfinished elsewhere")
check("key unfinished elsewhere: named", b"unfinished run into" in p.stderr and az.props(C + "/here") is None, p.stderr)

# Usage errors.
run(url("x"), b"", "--ledger", L, status=2, name="--ledger without --key")
run(url("x"), b"", "--block-size", "101M", status=2, name="--block-size too large")
run(url("led"), b"", "--ledger", url("led"), "--key", "k", status=2, name="ledger is the data blob")

proxy.close()
finish()
