"""What the integration tests share: the local moto endpoint, an environment
free of the caller's AWS settings, a boto3 client, and failure bookkeeping."""
import http.server
import os
import subprocess
import sys
import threading

failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(name)
        print("FAIL %s: %s" % (name, str(detail)[:400]))


def clean_env(**extra):
    """The environment without any AWS_ variable and without instance-metadata lookups."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra)
    return env


def moto_endpoint(state):
    return "http://127.0.0.1:" + open(os.path.join(state, "moto.port")).read().strip()


def moto_env(state, endpoint):
    return clean_env(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
                     AWS_ENDPOINT_URL=endpoint, HOME=state)


def s3_client(endpoint, key="testing", secret="testing", service="s3"):
    import boto3
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret)


def moto_bucket(state, name, bin_dir=None):
    """moto's endpoint, an environment for the programs (with bin_dir first
    on PATH when given), a boto3 client, and a new bucket NAME-PID."""
    endpoint = moto_endpoint(state)
    env = moto_env(state, endpoint)
    if bin_dir:
        env["PATH"] = bin_dir + os.pathsep + env["PATH"]
    s3 = s3_client(endpoint)
    bucket = "%s-%d" % (name, os.getpid())
    s3.create_bucket(Bucket=bucket)
    return endpoint, env, s3, bucket


def list_keys(s3, bucket, prefix=""):
    """Every key under prefix, sorted."""
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [o["Key"] for o in page.get("Contents", [])]
    return sorted(keys)


def run(argv, data, env, status=0, name=None):
    """Runs a program on `data`; a status other than `status` is a failure."""
    p = subprocess.run(argv, input=data, capture_output=True, env=env)
    if p.returncode != status:
        name = name or " ".join(argv)[-80:]
        failures.append("status: " + name)
        print("FAIL %s: status %d, want %d: %s" % (name, p.returncode, status, p.stderr.decode()[-400:]))
    return p


def serve(answer, content_type=None):
    """A stand-in HTTP server on a loopback port, on a thread: each GET gets
    answer(handler) -> (status, body). Returns the server (.server_port;
    .shutdown() when done)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            status, body = answer(self)
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def finish():
    print("%d failures" % len(failures))
    sys.exit(1 if failures else 0)
