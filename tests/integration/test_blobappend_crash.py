#!/usr/bin/env python3
"""blobappend --ledger killed (SIGKILL) at every request of a run, once just
before the request reaches Azurite and once just after Azurite carried it out
(its answer lost with the process), then rerun -- each rerun again killed at
a random later request, until one finishes. Every time, the blob must then
hold every input record exactly once, after what was there before, and the
ledger must say the key is done. Usage: test_blobappend_crash.py BIN_DIR STATE_DIR"""
import json
import os
import random
import subprocess
import sys

from azure import ACCOUNT, Azure, azure_env, azurite_port, connection_string
from harness import check, finish
from proxy import Proxy

bin_dir, state = sys.argv[1], sys.argv[2]
BLOBAPPEND = os.path.join(bin_dir, "blobappend")
az = Azure(state)
C = "crash-%d" % os.getpid()
az.create_container(C)
proxy = Proxy(azurite_port(state))
env = azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING=connection_string(state).replace(
    ":%d/" % azurite_port(state), ":%d/" % proxy.port))
rng = random.Random(2026)


def url(blob):
    return "az://%s/%s/%s" % (ACCOUNT, C, blob)


def records(tag, n):
    return b"".join(b'{"src":"%s","n":%d,"pad":"%s"}\n' % (tag.encode(), i, b"y" * rng.randrange(80)) for i in range(n))


def start(data_blob, ledger_blob, key, data, plan, block_size):
    proxy.reset(plan=plan)
    p = subprocess.Popen([BLOBAPPEND, "--block-size", str(block_size), "--ledger", url(ledger_blob), "--key", key,
                          url(data_blob)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proxy.victim = p.pid
    out, err = p.communicate(data)
    return p.returncode, out, err, proxy.count


before = records("before", 40)
data = records("k1", 300)
block = 2048

# How many requests a run makes when nothing goes wrong.
start("probe", "probe-ledger", "k0", before, {}, block)
_, _, _, total = start("probe", "probe-ledger", "k1", data, {}, block)
check("probe run makes requests", total > 8, total)

scenarios = 0
for n in range(1, total + 1):
    for mode in ("kill-before", "kill-after"):
        name = "%s at request %d" % (mode, n)
        blob, ledger = "data-%d-%s" % (n, mode), "ledger-%d-%s" % (n, mode)
        rc, _, err, _ = start(blob, ledger, "k0", before, {}, block)
        check(name + ": first key appended", rc == 0, err)
        given = data
        rc, _, err, _ = start(blob, ledger, "k1", given, {n: mode}, block)
        check(name + ": killed", rc == -9, (rc, err))
        reruns = 0
        while rc != 0 and reruns < 12:
            reruns += 1
            plan = {rng.randrange(1, total + 4): rng.choice(["kill-before", "kill-after"])} if reruns < 4 else {}
            rc, out, err, _ = start(blob, ledger, "k1", given, plan, block)
            if rc not in (0, -9):
                check(name + ": rerun %d fails only by being killed" % reruns, False, err)
                break
        scenarios += 1
        got = az.get(C + "/" + blob) or b""
        check(name + ": every record exactly once", got == before + data,
              "%d bytes, want %d; %d k1 records" % (len(got), len(before + data), got.count(b'"src":"k1"')))
        recs = [json.loads(x) for x in (az.get(C + "/" + ledger) or b"").splitlines()]
        done = [r for r in recs if r["key"] == "k1" and r["event"] == "done"]
        check(name + ": ledger says done once", len(done) == 1 and done[0]["offset"] == len(before) and
              done[0]["bytes"] == len(data), recs[-3:])
        rc, out, err, _ = start(blob, ledger, "k1", given, {}, block)
        check(name + ": another rerun skips", rc == 0 and json.loads(out).get("skipped") == 1 and
              az.get(C + "/" + blob) == before + data, err)

print("%d kill scenarios over %d requests per run" % (scenarios, total))
proxy.close()
finish()
