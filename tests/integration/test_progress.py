#!/usr/bin/env python3
"""--progress and s3ls --summarize, with stderr on a pseudo-terminal and on a
pipe: the line is redrawn in place only on a terminal, a pipe gets one
summary line, and stdout holds only the data. Against moto and Azurite.
Usage: test_progress.py BIN_DIR STATE_DIR"""
import json
import os
import pty
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

from azure import ACCOUNT, Azure, azure_env, connection_string
from harness import check, finish, moto_bucket

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint, env, s3, bucket = moto_bucket(state, "progress")
az = Azure(state)
container = "progress-%d" % os.getpid()
az.create_container(container)
az_env = azure_env(env, AZURE_STORAGE_CONNECTION_STRING=connection_string(state))
tmp = tempfile.mkdtemp(prefix="jlkit-progress-")
rng = random.Random(10)

SIZE = r"\d+(\.\d+)? (B|KiB|MiB|GiB)"
RATE = SIZE + "/s"
ELAPSED = r"\d+:\d\d"


def program(name):
    return os.path.join(bin_dir, name)


def run(argv, stdin=None, tty=True, env=env, feed=None):
    """Runs argv with stdout on a pipe and stderr on a pseudo-terminal (or a
    pipe). `feed` writes stdin on a thread. Returns (status, stdout, stderr)."""
    if tty:
        master, slave = pty.openpty()
        err = slave
    else:
        err = subprocess.PIPE
    p = subprocess.Popen(argv, stdin=subprocess.PIPE if feed else stdin, stdout=subprocess.PIPE, stderr=err, env=env)
    writer = None
    if feed:
        writer = threading.Thread(target=feed, args=(p.stdin,))
        writer.start()
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    if tty:
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        stderr = b"".join(chunks)
    else:
        stderr = p.stderr.read()
    status = p.wait()
    reader.join()
    if writer:
        writer.join()
    # The terminal turns "\n" into "\r\n"; what the program wrote had "\n".
    return status, out[0], stderr.decode().replace("\r\n", "\n")


def frames(stderr):
    """What a terminal shows in turn: every line, and each redraw of it."""
    return [f.rstrip(" ") for f in re.split(r"[\r\n]", stderr) if f.strip()]


def last_line(stderr):
    """The line left on the screen last (after the final redraw)."""
    return frames(stderr)[-1] if frames(stderr) else ""


def write_file(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


data = rng.randbytes(4 << 20)
path = write_file("four.bin", data)
put = [program("s3put"), "--part-size", "64K", "--concurrency", "2", "--progress"]

# s3put, known size, stderr a terminal: the line from 0% on, redrawn with '\r', then the summary.
status, out, err = run(put + ["--input", path, "s3://%s/known.bin" % bucket])
check("s3put tty: status", status == 0, err)
check("s3put tty: stdout is only the result", out.count(b"\n") == 1 and json.loads(out)["size"] == len(data), out)
check("s3put tty: stored", s3.get_object(Bucket=bucket, Key="known.bin")["Body"].read() == data)
live = [f for f in frames(err) if re.fullmatch(r"s3put: %s of 4\.00 MiB \(\d+%%\), %s(, ETA %s)?" % (SIZE, RATE, ELAPSED), f)]
# (The first line is drawn as the meter starts, so there is one however fast the upload.)
check("s3put tty: a live line with percent", live, repr(err))
check("s3put tty: redrawn in place", "\r" in err, repr(err))
check("s3put tty: ends with the summary", re.fullmatch(r"s3put: 4\.00 MiB in %s, %s" % (ELAPSED, RATE), last_line(err))
      and err.endswith("\n"), repr(err))
check("s3put tty: nothing else", all(f in live or f == last_line(err) for f in frames(err)), repr(err))

# The same from stdin redirected from the file: its size is known too.
with open(path, "rb") as f:
    status, out, err = run(put + ["s3://%s/stdin-file.bin" % bucket], stdin=f)
check("s3put stdin file: percent", "of 4.00 MiB (" in err and status == 0, repr(err))

# stdin a pipe that trickles: no total, so no percent; the bytes grow from redraw to redraw.
chunk = rng.randbytes(64 << 10)


def trickle(pipe):
    for _ in range(30):
        pipe.write(chunk)
        pipe.flush()
        time.sleep(0.1)
    pipe.close()


status, out, err = run(put + ["s3://%s/pipe.bin" % bucket], feed=trickle)
check("s3put pipe: status", status == 0, err)
check("s3put pipe: stdout is only the result", json.loads(out)["size"] == 30 * len(chunk), out)
live = [f for f in frames(err) if re.fullmatch(r"s3put: %s, %s" % (SIZE, RATE), f)]
check("s3put pipe: no percent without a size", "%" not in err and "ETA" not in err, repr(err))
check("s3put pipe: several redraws as the bytes come", len(set(live)) >= 3, repr(err))
check("s3put pipe: summary", re.fullmatch(r"s3put: 1\.88 MiB in %s, %s" % (ELAPSED, RATE), last_line(err)), repr(err))

# stderr not a terminal: exactly one line, the summary; no '\r'.
status, out, err = run(put + ["--input", path, "s3://%s/pipe-stderr.bin" % bucket], tty=False)
check("s3put no tty: one summary line", re.fullmatch(r"s3put: 4\.00 MiB in %s, %s\n" % (ELAPSED, RATE), err), repr(err))
check("s3put no tty: stdout", json.loads(out)["size"] == len(data), out)
status, out, err = run(put[:-1] + ["--input", path, "s3://%s/quiet.bin" % bucket], tty=False)
check("s3put without --progress: stderr empty", status == 0 and err == "", repr(err))

# --partition-by counts the records' bytes the same way.
records = b"".join(b'{"d":"%d","n":%d}\n' % (i % 3, i) for i in range(20000))
rpath = write_file("records.jsonl", records)
status, out, err = run([program("s3put"), "--progress", "--partition-by", ".d", "--input", rpath,
                        "s3://%s/parts/" % bucket], tty=False)
check("s3put --partition-by: three objects on stdout", status == 0 and out.count(b"\n") == 3, out)
check("s3put --partition-by: summary", re.fullmatch(r"s3put: %s in %s, %s\n" % (SIZE, ELAPSED, RATE), err)
      and err.startswith("s3put: %.0f KiB" % (len(records) / 1024)), repr(err))

# A failure on a terminal: the progress line is over before the error, which starts a line of its own.
status, out, err = run(put + ["--input", path, "s3://no-such-bucket-%d/x" % os.getpid()])
check("s3put failure: status 1", status == 1, err)
check("s3put failure: the error on a line of its own", last_line(err).startswith("s3put: error: "), repr(err))
check("s3put failure: nothing on stdout", out == b"", out)
check("s3put failure: the summary says it stopped", frames(err)[-2:-1] and
      re.fullmatch(r"s3put: stopped after %s in %s, %s" % (SIZE, ELAPSED, RATE), frames(err)[-2]), repr(err))

# s3cat: the listing carries the sizes, so objects, percent and ETA; stdout is exactly the objects' bytes.
bodies = [rng.randbytes(300 << 10) + b"\n" for _ in range(3)]
for i, b in enumerate(bodies):
    s3.put_object(Bucket=bucket, Key="cat/%d.bin" % i, Body=b)
listing = subprocess.run([program("s3ls"), "s3://%s/cat/" % bucket], capture_output=True, env=env).stdout
lpath = write_file("listing.jsonl", listing)
total = sum(len(b) for b in bodies)
with open(lpath, "rb") as f:
    status, out, err = run([program("s3cat"), "--raw", "--part-size", "64K", "--progress"], stdin=f)
check("s3cat tty: status", status == 0, err)
check("s3cat tty: stdout is exactly the objects", out == b"".join(bodies), len(out))
check("s3cat tty: objects and percent", any(re.fullmatch(r"s3cat: \d of 3 objects, %s of %s \(\d+%%\), %s(, ETA %s)?"
                                                          % (SIZE, SIZE, RATE, ELAPSED), f) for f in frames(err)), repr(err))
check("s3cat tty: summary", re.fullmatch(r"s3cat: 3 objects, %s in %s, %s" % (SIZE, ELAPSED, RATE), last_line(err)), repr(err))
with open(lpath, "rb") as f:
    status, out, err = run([program("s3cat"), "--raw", "--progress"], stdin=f, tty=False)
check("s3cat no tty: one summary line", re.fullmatch(r"s3cat: 3 objects, %s in %s, %s\n" % (SIZE, ELAPSED, RATE), err),
      repr(err))
check("s3cat no tty: stdout", out == b"".join(bodies), len(out))
del total

# blobappend: percent from the input file; one result line on stdout.
lines = b"".join(b'{"n":%d,"pad":"%s"}\n' % (i, b"x" * rng.randrange(80)) for i in range(20000))
bpath = write_file("lines.jsonl", lines)
blob = "az://%s/%s/progress.jsonl" % (ACCOUNT, container)
status, out, err = run([program("blobappend"), "--block-size", "256K", "--progress", "--input", bpath, blob], env=az_env)
check("blobappend tty: status", status == 0, err)
check("blobappend tty: stdout is only the result", json.loads(out)["bytes"] == len(lines), out)
check("blobappend tty: percent", any(re.fullmatch(r"blobappend: %s of %s \(\d+%%\), %s(, ETA %s)?" % (SIZE, SIZE, RATE, ELAPSED), f)
                                     for f in frames(err)), repr(err))
check("blobappend tty: summary", re.fullmatch(r"blobappend: %s in %s, %s" % (SIZE, ELAPSED, RATE), last_line(err)), repr(err))
check("blobappend: the blob holds the lines", az.get(container + "/progress.jsonl") == lines)
status, out, err = run([program("blobappend"), "--progress", "--input", bpath,
                        "az://%s/%s/progress2.jsonl" % (ACCOUNT, container)], env=az_env, tty=False)
check("blobappend no tty: one summary line", re.fullmatch(r"blobappend: %s in %s, %s\n" % (SIZE, ELAPSED, RATE), err), repr(err))

# s3ls --summarize: live counts on a terminal, then the summary; a pipe gets the summary only.
for i in range(40):
    s3.put_object(Bucket=bucket, Key="many/%02d" % i, Body=b"x" * i)
status, out, err = run([program("s3ls"), "--summarize", "s3://%s/many/" % bucket])
check("s3ls tty: listing on stdout", out.count(b"\n") == 40 and b"objects" not in out, out[:200])
check("s3ls tty: live count", any(re.fullmatch(r"s3ls: \d+ objects?, %s" % SIZE, f) for f in frames(err)), repr(err))
check("s3ls tty: summary last", last_line(err) == "s3ls: 40 objects, 780 bytes" and err.endswith("\n"), repr(err))
status, out, err = run([program("s3ls"), "--summarize", "s3://%s/many/" % bucket], tty=False)
check("s3ls no tty: the summary only", err == "s3ls: 40 objects, 780 bytes\n", repr(err))

finish()
