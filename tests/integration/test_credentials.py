#!/usr/bin/env python3
"""Each credential source of the chain, with nothing else to fall back on:
IMDSv2 (moto's metadata endpoint), container credentials (a local HTTP
server), credential_process, web identity and AssumeRole (moto's STS), and
the message when there are none. Usage: test_credentials.py BIN_DIR STATE_DIR"""
import json
import os
import subprocess
import sys

from harness import clean_env, failures, finish, moto_endpoint, s3_client, serve

bin_dir, state = sys.argv[1], sys.argv[2]
endpoint = moto_endpoint(state)
s3 = s3_client(endpoint)
bucket = "creds-%d" % os.getpid()
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="k.json", Body=b"{}\n")
home = os.path.join(state, "creds-home-%d" % os.getpid())
os.makedirs(os.path.join(home, ".aws"), exist_ok=True)

# Container credentials: a local server that wants the authorization token.
seen_auth = []


def container_creds(handler):
    seen_auth.append(handler.headers.get("Authorization"))
    return 200, json.dumps({"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "s", "Token": "t",
                            "Expiration": "2099-01-01T00:00:00Z"}).encode()


server = serve(container_creds)
container_url = "http://127.0.0.1:%d/creds" % server.server_port

with open(os.path.join(home, "token"), "w") as f:
    f.write("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.sig\n")
with open(os.path.join(home, ".aws", "credentials"), "w") as f:
    f.write("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base\n")
with open(os.path.join(home, ".aws", "config"), "w") as f:
    f.write("[profile proc]\ncredential_process = %s -c 'import json; print(json.dumps({\"Version\": 1, "
            "\"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"p\"}))'\n\n" % sys.executable)
    f.write("[profile role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = base\n"
            "role_session_name = test\n\n")
    f.write("[profile webid]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = %s\n\n"
            % os.path.join(home, "token"))
    f.write("[profile loop]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = loop2\n\n"
            "[profile loop2]\nrole_arn = arn:aws:iam::123456789012:role/y\nsource_profile = loop\n")

# Nothing but what each case adds: no keys, no IMDS, endpoints at moto.
base_env = clean_env(HOME=home, AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1",
                     AWS_CONFIG_FILE=os.path.join(home, ".aws", "config"))
cases = [
    ("instance metadata (IMDSv2)", {"AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint}, [], 0, ""),
    ("container credentials", {"AWS_CONTAINER_CREDENTIALS_FULL_URI": container_url,
                               "AWS_CONTAINER_AUTHORIZATION_TOKEN": "secret-token"}, [], 0, ""),
    ("credential_process", {"AWS_PROFILE": "proc"}, [], 0, ""),
    ("AssumeRole with source_profile", {}, ["--profile", "role"], 0, ""),
    ("web identity profile", {"AWS_PROFILE": "webid"}, [], 0, ""),
    ("web identity from the environment", {"AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                                           "AWS_WEB_IDENTITY_TOKEN_FILE": os.path.join(home, "token")}, [], 0, ""),
    ("a source_profile loop", {"AWS_PROFILE": "loop"}, [], 1, "too long"),
    ("no credentials at all", {}, [], 1, "no AWS credentials found"),
]
for name, extra, args, want, message in cases:
    env = dict(base_env, **extra)
    p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--urls"] + args + ["s3://" + bucket], capture_output=True, env=env,
                       timeout=60)
    ok = p.returncode == want and (want != 0 or p.stdout == b"s3://%s/k.json\n" % bucket.encode())
    ok = ok and message.encode() in p.stderr
    if not ok:
        failures.append(name)
        print("FAIL %s: status %d, want %d; %r" % (name, p.returncode, want, p.stderr.decode()[:300]))
if "secret-token" not in seen_auth:
    failures.append("container authorization token not sent")
    print("FAIL container authorization token not sent: %r" % seen_auth)
# Temporary credentials are renewed before they expire: a process whose
# credentials expire within the 5-minute margin runs again for each request,
# one with a distant expiry runs once.
for extra_objects in range(3):
    s3.put_object(Bucket=bucket, Key="more-%d.json" % extra_objects, Body=b"{}\n")
counter = os.path.join(home, "process-runs")
with open(os.path.join(home, ".aws", "config"), "a") as f:
    for name, minutes in (("soon", 2), ("later", 600)):
        f.write("\n[profile %s]\ncredential_process = %s -c 'import json, datetime; open(\"%s\", \"a\").write(\"x\"); "
                "print(json.dumps({\"Version\": 1, \"AccessKeyId\": \"AKIAP\", \"SecretAccessKey\": \"p\", "
                "\"Expiration\": (datetime.datetime.utcnow() + datetime.timedelta(minutes=%d)).strftime(\"%%Y-%%m-%%dT%%H:%%M:%%SZ\")}))'\n"
                % (name, sys.executable, counter, minutes))
runs = {}
for name in ("soon", "later"):
    if os.path.exists(counter):
        os.remove(counter)
    p = subprocess.run([os.path.join(bin_dir, "s3cat"), "--concurrency", "1", "s3://%s/more-0.json" % bucket,
                        "s3://%s/more-1.json" % bucket, "s3://%s/more-2.json" % bucket], capture_output=True,
                       env=dict(base_env, AWS_PROFILE=name), timeout=60)
    runs[name] = len(open(counter).read()) if os.path.exists(counter) else 0
    if p.returncode != 0 or p.stdout != b"{}\n" * 3:
        failures.append("renewal run " + name)
        print("FAIL renewal run %s: %r" % (name, p.stderr))
if not (runs["later"] == 1 and runs["soon"] >= 4):
    failures.append("renewal before expiry")
    print("FAIL renewal before expiry: process runs %r" % runs)

# --verbose never shows a secret.
env = dict(base_env, AWS_ACCESS_KEY_ID="AKIAVERBOSE", AWS_SECRET_ACCESS_KEY="verysecretvalue", AWS_SESSION_TOKEN="sessiontok")
p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--verbose", "s3://" + bucket], capture_output=True, env=env)
if b"> GET" not in p.stderr or b"< 200" not in p.stderr or any(
        s in p.stderr for s in (b"verysecretvalue", b"sessiontok", b"Signature=")):
    failures.append("--verbose")
    print("FAIL --verbose: %r" % p.stderr)
server.shutdown()
finish()
