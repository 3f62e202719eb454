#!/usr/bin/env python3
"""Signatures checked for real: a moto server with INITIAL_NO_AUTH_ACTION_COUNT
accepts only requests signed by an IAM user it knows. The right key lists;
a wrong secret fails at once (no retry loop) with a clear message.
Usage: test_s3_auth.py BIN_DIR STATE_DIR"""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3

bin_dir, state = sys.argv[1], sys.argv[2]
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
endpoint = "http://127.0.0.1:%d" % port
server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                          env=dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3"), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
failures = []
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                       aws_secret_access_key="x")
    iam.create_user(UserName="tester")
    iam.put_user_policy(UserName="tester", PolicyName="all", PolicyDocument='{"Version":"2012-10-17","Statement":'
                        '[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
    key = iam.create_access_key(UserName="tester")["AccessKey"]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                      aws_secret_access_key=key["SecretAccessKey"])
    s3.create_bucket(Bucket="signed")
    s3.put_object(Bucket="signed", Key="data/part-1.json", Body=b"{}\n")

    def s3ls(secret):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=secret, HOME=state)
        env.pop("AWS_PROFILE", None)
        t0 = time.time()
        p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--endpoint-url", endpoint, "--urls", "s3://signed"],
                           capture_output=True, env=env)
        return p, time.time() - t0

    p, _ = s3ls(key["SecretAccessKey"])
    if p.returncode != 0 or p.stdout != b"s3://signed/data/part-1.json\n":
        failures.append("signed listing: %d %r %r" % (p.returncode, p.stdout, p.stderr))
    p, took = s3ls("wrong" + key["SecretAccessKey"][5:])
    if p.returncode != 1 or b"SignatureDoesNotMatch" not in p.stderr or b"attempts" in p.stderr:
        failures.append("wrong secret: %d %r" % (p.returncode, p.stderr))
    if took > 5:
        failures.append("wrong secret took %.1f s: retried?" % took)
    print(p.stderr.decode().strip())

    # Credentials from the shared files, as the AWS CLI finds them.
    aws_dir = os.path.join(state, "auth-home", ".aws")
    os.makedirs(aws_dir, exist_ok=True)
    with open(os.path.join(aws_dir, "credentials"), "w") as f:
        f.write("[default]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = wrong\n\n"
                "[good]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (key["AccessKeyId"], key["SecretAccessKey"]))
    with open(os.path.join(aws_dir, "config"), "w") as f:
        f.write("[profile cfg]\nregion = us-east-1\nendpoint_url = %s\naws_access_key_id = %s\n"
                "aws_secret_access_key = %s\n" % (endpoint, key["AccessKeyId"], key["SecretAccessKey"]))
    # A role the user may assume, allowed to read S3: its temporary keys
    # must be accepted under signature checking.
    iam_user = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    role = iam_user.create_role(RoleName="reader", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":'
                                '[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}')["Role"]["Arn"]
    iam_user.put_role_policy(RoleName="reader", PolicyName="s3", PolicyDocument='{"Version":"2012-10-17","Statement":'
                             '[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
    with open(os.path.join(aws_dir, "config"), "a") as f:
        f.write("\n[profile role]\nrole_arn = %s\nsource_profile = good\n" % role)
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    base["HOME"] = os.path.join(state, "auth-home")
    cases = [
        ("--profile wins over the environment's keys", ["--profile", "good", "--endpoint-url", endpoint],
         {"AWS_ACCESS_KEY_ID": "AKIAWRONG", "AWS_SECRET_ACCESS_KEY": "wrong"}, 0),
        ("AWS_PROFILE", ["--endpoint-url", endpoint], {"AWS_PROFILE": "good"}, 0),
        ("keys and endpoint in the config file", [], {"AWS_PROFILE": "cfg"}, 0),
        ("AWS_SHARED_CREDENTIALS_FILE", ["--endpoint-url", endpoint],
         {"AWS_SHARED_CREDENTIALS_FILE": os.path.join(aws_dir, "credentials"), "HOME": "/nonexistent",
          "AWS_PROFILE": "good"}, 0),
        ("environment keys before the default profile", ["--endpoint-url", endpoint],
         {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}, 0),
        ("the default profile's wrong keys are used", ["--endpoint-url", endpoint], {}, 1),
        ("AssumeRole through STS, temporary keys accepted", ["--profile", "role"],
         {"AWS_ENDPOINT_URL": endpoint}, 0),
        ("a missing profile is a usage error", ["--profile", "nope", "--endpoint-url", endpoint], {}, 2),
    ]
    for name, args, extra, want in cases:
        env = dict(base, **extra)
        p = subprocess.run([os.path.join(bin_dir, "s3ls"), "--urls"] + args + ["s3://signed"], capture_output=True, env=env)
        if p.returncode != want or (want == 0 and p.stdout != b"s3://signed/data/part-1.json\n"):
            failures.append("%s: status %d, want %d: %r" % (name, p.returncode, want, p.stderr))
finally:
    server.terminate()
    server.wait()
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
