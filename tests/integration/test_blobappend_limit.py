#!/usr/bin/env python3
"""blobappend reaching the service's 50,000 blocks per append blob, with
two-byte blocks against the local Azurite server (which enforces the limit):
the run stops with status 1 and says how much of the input went in.
Separate from test_blobappend.py because 50,000 appends take a while, and
on an Azurite server of its own, which a blob of 50,000 blocks slows down.
Usage: test_blobappend_limit.py BIN_DIR STATE_DIR"""
import atexit
import os
import subprocess
import sys

from azure import ACCOUNT, Azure, azure_env, connection_string
from harness import check, finish

bin_dir, state = sys.argv[1], os.path.join(sys.argv[2], "azurite-limit")
server = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers", "azurite.sh")
subprocess.run([server, "start", state], check=True)
atexit.register(lambda: subprocess.run([server, "stop", state]))
az = Azure(state)
C = "limit-%d" % os.getpid()
az.create_container(C)
env = azure_env(os.environ, AZURE_STORAGE_CONNECTION_STRING=connection_string(state))
data = b"1\n" * 50010
p = subprocess.run([os.path.join(bin_dir, "blobappend"), "--block-size", "2", "az://%s/%s/full" % (ACCOUNT, C)],
                   input=data, capture_output=True, env=env)
check("status 1", p.returncode == 1, p.returncode)
check("message", b"limit of 50,000 blocks" in p.stderr, p.stderr)
check("says what was appended", b"100000 bytes (50000 lines) in 50000 blocks" in p.stderr and b"from line 50001" in p.stderr, p.stderr)
props = az.props(C + "/full") or {}
check("the blob holds the first 50,000 lines", props.get("content-length") == "100000" and
      props.get("x-ms-blob-committed-block-count") == "50000", props)
p = subprocess.run([os.path.join(bin_dir, "blobappend"), "az://%s/%s/full" % (ACCOUNT, C)], input=b"more\n",
                   capture_output=True, env=env)
check("a full blob: refused before sending", p.returncode == 1 and b"this run had appended nothing" in p.stderr, p.stderr)
finish()
