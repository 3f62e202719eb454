#!/usr/bin/env python3
"""Retries against a scripted local S3 stand-in: transient answers (500, 503
SlowDown, 429, a dropped connection) are retried with backoff until the
listing comes; a permanent error fails at once; --retries bounds the attempts;
a body that breaks off is resumed from the next byte with If-Match.
Usage: test_retries.py BIN_DIR"""
import base64
import hashlib
import http.server
import os
import socket
import ssl
import tempfile
import subprocess
import sys
import threading

from harness import check, clean_env, finish

bin_dir = sys.argv[1]
LISTING = (b'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>'
           b'<Contents><Key>k.json</Key><LastModified>2024-05-01T00:00:00.000Z</LastModified><ETag>&quot;x&quot;</ETag>'
           b'<Size>3</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>')
BODY = bytes(range(256)) * 4096  # 1 MiB
script = []  # what to answer next; the last entry repeats
log = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        log.append((self.path, self.headers.get("Range"), self.headers.get("If-Match")))
        action = script.pop(0) if len(script) > 1 else script[0]
        if action == "drop":
            self.hang_up()
            return
        if action in ("500", "429"):
            return self.reply(int(action), b"<Error><Code>InternalError</Code><Message>try again</Message></Error>")
        if action == "503":
            return self.reply(503, b"<Error><Code>SlowDown</Code><Message>slow down</Message></Error>")
        if action == "412":
            return self.reply(412, b"<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions "
                                   b"you specified did not hold</Message></Error>")
        if action == "403":
            return self.reply(403, b"<Error><Code>AccessDenied</Code><Message>no</Message></Error>")
        if action == "list":
            return self.reply(200, LISTING)
        # Object reads: "obj" sends the asked range, "half" breaks off midway.
        start, end = 0, len(BODY) - 1
        rng = self.headers.get("Range")
        if rng:
            a, b = rng[len("bytes="):].split("-")
            start, end = int(a), min(int(b), len(BODY) - 1)
        data = BODY[start:end + 1]
        self.send_response(206)
        self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, len(BODY)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", '"0123456789abcdef0123456789abcdef"' if action == "md5-bad" else '"multi-etag-2"')
        if action in ("sum-ok", "sum-bad") and start == 0 and end == len(BODY) - 1:
            digest = hashlib.sha256(BODY if action == "sum-ok" else BODY + b"x").digest()
            self.send_header("x-amz-checksum-sha256", base64.b64encode(digest).decode())
        self.end_headers()
        if action == "half":
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.hang_up()
            return
        self.wfile.write(data)

    def hang_up(self):
        # shutdown(), not close(): the handler's file objects keep the socket open.
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = "http://127.0.0.1:%d" % server.server_port
env = clean_env(AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="b", AWS_REGION="us-east-1")


def run(tool, actions, *args):
    script[:] = actions
    log.clear()
    return subprocess.run([os.path.join(bin_dir, tool), "--endpoint-url", endpoint] + list(args), capture_output=True,
                          env=env, timeout=120)



p = run("s3ls", ["500", "503", "429", "drop", "list"], "--urls", "s3://b")
check("transient errors retried", p.returncode == 0 and p.stdout == b"s3://b/k.json\n" and len(log) == 5, (p.returncode, p.stderr, log))
p = run("s3ls", ["503"], "--retries", "3", "s3://b")
check("--retries bounds the attempts", p.returncode == 1 and len(log) == 3 and b"SlowDown" in p.stderr and
      b"after 3 attempts" in p.stderr, (p.returncode, len(log), p.stderr))
p = run("s3ls", ["403", "list"], "s3://b")
check("a permanent error fails at once", p.returncode == 1 and len(log) == 1 and b"AccessDenied" in p.stderr, (len(log), p.stderr))
p = run("s3cat", ["half", "obj"], "--raw", "--part-size", "1M", "s3://b/obj")
check("a broken body resumes from the next byte", p.returncode == 0 and p.stdout == BODY, (p.returncode, len(p.stdout), p.stderr))
check("the resumed request asks for the rest, If-Match guarded",
      len(log) == 2 and log[1][1] == "bytes=%d-%d" % (len(BODY) // 2, len(BODY) - 1) and log[1][2] == '"multi-etag-2"', log)
p = run("s3cat", ["sum-ok"], "--raw", "--part-size", "2M", "s3://b/obj")
check("a full-object checksum that matches", p.returncode == 0 and p.stdout == BODY, p.stderr)
p = run("s3cat", ["sum-bad"], "--raw", "--part-size", "2M", "s3://b/obj")
check("a full-object checksum that does not match", p.returncode == 1 and b"sha256 checksum" in p.stderr, p.stderr)
p = run("s3cat", ["md5-bad"], "--raw", "s3://b/obj")
check("an MD5 ETag that does not match", p.returncode == 1 and b"MD5 ETag" in p.stderr, p.stderr)
p = run("s3cat", ["obj", "412"], "--raw", "--concurrency", "1", "--part-size", "256K", "s3://b/obj")
check("an object that changes while read is an error", p.returncode == 1 and b"changed while it was being read" in p.stderr
      and len(p.stdout) < len(BODY), (p.returncode, p.stderr))
# TLS: always verified; AWS_CA_BUNDLE names the authority to trust.
cert_dir = tempfile.mkdtemp()
cert, keyfile = os.path.join(cert_dir, "cert.pem"), os.path.join(cert_dir, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyfile, "-out", cert, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
tls = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, keyfile)
tls.socket = context.wrap_socket(tls.socket, server_side=True)
threading.Thread(target=tls.serve_forever, daemon=True).start()
tls_endpoint = "https://127.0.0.1:%d" % tls.server_port
script[:] = ["list"]
p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--endpoint-url", tls_endpoint, "--urls", "s3://b"], capture_output=True,
                   env=dict(env, AWS_CA_BUNDLE="/etc/ssl/certs/ca-certificates.crt"), timeout=60)
check("an untrusted certificate is refused", p.returncode == 1 and p.stdout == b"" and b"certificate" in p.stderr, p.stderr)
p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--endpoint-url", tls_endpoint, "--urls", "s3://b"], capture_output=True,
                   env=dict(env, AWS_CA_BUNDLE=cert), timeout=60)
check("AWS_CA_BUNDLE", p.returncode == 0 and p.stdout == b"s3://b/k.json\n", p.stderr)
tls.shutdown()
server.shutdown()
finish()
