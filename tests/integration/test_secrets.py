#!/usr/bin/env python3
"""No secret ever reaches stdout or stderr, --verbose included; TLS is
verified by default for S3 and Azure; XML with a DOCTYPE is never expanded.

Every network program (s3ls, s3cat, s3put, blobappend) runs with --verbose
against moto and Azurite through a capturing proxy that records what the
program really sent (SigV4 and SharedKey signatures, SAS signatures, session
tokens) and what credential servers answered (temporary keys). Runs that
succeed and runs that fail (wrong key, scripted 403s in the services' real
formats, which echo the signature and the string to sign, bad SAS, missing
objects and containers, retries after 500) are all checked: no secret, no
12-character piece of one, no signature value in any encoding, appears in
the output. Each verbose run must print its requests, so a leak would show.

Then TLS against a local HTTPS server with a self-signed certificate:
refused by default (no request reaches it), accepted with AWS_CA_BUNDLE,
refused for a name the certificate does not carry. Then a scripted S3
answering with a DOCTYPE and entities: s3ls fails and prints no file.
Usage: test_secrets.py BIN_DIR STATE_DIR"""
import base64
import http.client
import http.server
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from azure import ACCOUNT, KEY, Azure, azure_env, azurite_port
from harness import check, clean_env, finish, moto_endpoint, s3_client, serve
from proxy import Proxy

bin_dir, state = sys.argv[1], sys.argv[2]
S3LS, S3CAT, S3PUT, BLOBAPPEND = (os.path.join(bin_dir, p) for p in ("s3ls", "s3cat", "s3put", "blobappend"))

# Distinctive secrets: any 12-character piece of one in the output is a leak.
ACCESS_KEY = "AKIAJLKITSECRETSTEST"  # not a secret (AWS prints key ids), but it must still sign
SECRET = "Zq9wX7vB3nM5kL1pR8/tY2uI4oE6aS0dFj+lKiTqWeRtYu"
TOKEN = "IQoJb3JpZ2luX2VjEJL//8Hk+2mQ9vX4rT7yP1zW5nB3cL6aZqPlMoKn=="
CONTAINER_TOKEN = "Ct4f9a8b7c6d5eQxRvTbYnUm"
CONTAINER_SECRET = "Xy7Qw3Er5Ty9Ui1Op/CsKvLbNm"
CONTAINER_SESSION = "Ab3Cd5Ef7Gh9Ij+CtSsWqZxVb"
WEB_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqbGtpdC1zZWNyZXRzIn0.Wq7Er4Ty1Ui8Op5As2Df9Gh"
WRONG_KEY = KEY[:10] + ("A" if KEY[10] != "A" else "B") + KEY[11:]

secrets = {}  # text -> what it is; grows with what the proxies see


def add_secret(value, what):
    if value:
        secrets[value] = what


for v, w in ((SECRET, "secret access key"), (TOKEN, "session token"), (CONTAINER_TOKEN, "container authorization token"),
             (CONTAINER_SECRET, "container secret key"), (CONTAINER_SESSION, "container session token"),
             (WEB_TOKEN, "web identity token"), (KEY, "account key"), (WRONG_KEY, "wrong account key")):
    add_secret(v, w)


def forms(secret):
    """The ways a secret could be printed: as is, %-encoded, %-decoded; an
    account key also as its decoded bytes (raw and hex)."""
    out = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote(secret), urllib.parse.unquote(secret),
           urllib.parse.quote_plus(secret)}
    if secret in (KEY, WRONG_KEY):
        raw = base64.b64decode(secret)
        out |= {raw.hex(), raw.hex().upper()}
        out = {s.encode() for s in out} | {raw}
        return out
    return {s.encode() for s in out}


def pieces(b, n=12):
    return {b} if len(b) <= n else {b[i:i + n] for i in range(len(b) - n + 1)}


# Patterns that are leaks whatever the value: a signature printed in a header or a query.
LEAK_PATTERNS = [re.compile(p, re.I) for p in (
    rb"Signature=(?!REDACTED)[0-9a-f]{8}", rb"X-Amz-Signature=(?!REDACTED)", rb"[?&](amp;)?sig=(?!REDACTED)",
    rb"X-Amz-Security-Token[=:] *(?!REDACTED)\S", rb"X-Amz-Credential=(?!REDACTED)", rb"SharedKey +[^\s:]+:\S",
    rb"AccountKey=", rb"SharedAccessSignature=", rb"Authorization:")]
runs = 0


def clean(name, p, verbose=True, want=None, status=None):
    """p's output holds no secret; a verbose run shows its requests and answers."""
    global runs
    runs += 1
    out = p.stdout + b"\n" + p.stderr
    for secret, what in list(secrets.items()):
        found = [piece for form in forms(secret) for piece in pieces(form) if piece in out]
        check("%s: no %s" % (name, what), not found, "%r found in %r" % (found[:1], out[-600:]))
    for pat in LEAK_PATTERNS:
        m = pat.search(out)
        check("%s: nothing like %s" % (name, pat.pattern.decode()), not m, m and out[max(0, m.start() - 200):m.end() + 100])
    if verbose:
        check("%s: --verbose shows the requests" % name, re.search(rb": > (GET|PUT|HEAD|POST|DELETE) \S", p.stderr) and
              re.search(rb": < (\d{3} \(|.* ms\))", p.stderr), p.stderr[-600:])
    if status is not None:
        check("%s: status %d" % (name, status), p.returncode == status, (p.returncode, p.stderr[-600:]))
    if want is not None:
        check("%s: says %r" % (name, want), want in p.stderr, p.stderr[-600:])


class Capture(Proxy):
    """The proxy in front of a server (moto, Azurite), recording each
    request's signatures and tokens (added to the secrets) and the keys in
    credential answers; `script(respond)` makes it answer instead of the
    server: respond(n, handler) returns None to forward, else (status,
    headers, body)."""

    def __init__(self, upstream_port):
        super().__init__(upstream_port)
        self.on_request = self.record_request
        self.on_answer = self.record_answer

    @staticmethod
    def record_request(h):
        auth = h.headers.get("Authorization") or ""
        m = re.search(r"Signature=([0-9a-f]+)", auth)
        if m:
            add_secret(m.group(1), "SigV4 signature")
        m = re.match(r"SharedKey [^:]+:(\S+)", auth)
        if m:
            add_secret(m.group(1), "SharedKey signature")
        add_secret(h.headers.get("x-amz-security-token"), "session token header")
        for k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(h.path).query):
            if k.lower() in ("sig", "x-amz-signature", "x-amz-security-token"):
                add_secret(v, "signature in the query")

    @staticmethod
    def record_answer(data):
        for tag in (b"SecretAccessKey", b"SessionToken"):
            for m in re.finditer(rb"<%s>([^<]+)</%s>" % (tag, tag), data):
                add_secret(m.group(1).decode(), "temporary credentials from STS")

    def script(self, respond):
        self.reset(respond=respond)

    def url(self):
        return "http://127.0.0.1:%d" % self.port


def run(argv, env, data=b"", timeout=120):
    return subprocess.run(argv, input=data, capture_output=True, env=env, timeout=timeout)


# ---------------------------------------------------------------- S3 (moto)
moto = moto_endpoint(state)
moto_port = int(moto.rsplit(":", 1)[1])
s3 = s3_client(moto)
bucket = "secrets-%d" % os.getpid()
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="there.json", Body=b'{"a":1}\n')
cap = Capture(moto_port)
home = os.path.join(state, "secrets-home-%d" % os.getpid())
os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
env = clean_env(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_SESSION_TOKEN=TOKEN,
                AWS_REGION="us-east-1", AWS_ENDPOINT_URL=cap.url(), HOME=home)
B = "s3://" + bucket

p = run([S3PUT, "--verbose", B + "/small.json"], env, b'{"x":1}\n')
clean("s3put", p, status=0)
big = os.urandom(200 * 1024)
p = run([S3PUT, "--verbose", "--part-size", "64K", B + "/big.bin"], env, big)
clean("s3put multipart", p, status=0)
check("s3put multipart: stored", s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read() == big)
p = run([S3LS, "--verbose", B], env)
clean("s3ls", p, status=0)
check("s3ls: lists", b"small.json" in p.stdout and b"big.bin" in p.stdout, p.stdout)
p = run([S3CAT, "--verbose", B + "/small.json"], env)
clean("s3cat", p, status=0)
check("s3cat: reads", p.stdout == b'{"x":1}\n', p.stdout)
p = run([S3CAT, "--verbose", "--raw", "--part-size", "64K", B + "/big.bin"], env)
clean("s3cat in ranges", p, status=0)
check("s3cat in ranges: reads", p.stdout == big, len(p.stdout))
p = run([S3CAT, "--verbose", B + "/missing.json"], env)
clean("s3cat missing object", p, status=1, want=b"NoSuchKey")
p = run([S3LS, "--verbose", "s3://no-such-bucket-%d" % os.getpid()], env)
clean("s3ls missing bucket", p, status=1, want=b"NoSuchBucket")
p = run([S3PUT, "--verbose", "s3://no-such-bucket-%d/x" % os.getpid()], env, b"x\n")
clean("s3put missing bucket", p, status=1, want=b"NoSuchBucket")

# Transient failures retried (the verbose retry lines name what is retried).
def fail_first(k, status=500, code=b"InternalError"):
    def respond(n, h):
        if n <= k:
            return status, [("Content-Type", "application/xml")], b"<Error><Code>%s</Code><Message>try again</Message></Error>" % code
        return None
    return respond


for tool, args, data, said in ((S3LS, [B], b"", b"retrying"), (S3CAT, [B + "/small.json"], b"", b"resuming at byte 0"),
                               (S3PUT, [B + "/retried.json"], b"r\n", b"retrying")):
    cap.script(fail_first(2))
    p = run([tool, "--verbose"] + args, env, data)
    clean("%s after 500s" % os.path.basename(tool), p, status=0, want=said)
    cap.script(fail_first(100, 503, b"SlowDown"))
    p = run([tool, "--verbose", "--retries", "2"] + args, env, data)
    clean("%s giving up after 503s" % os.path.basename(tool), p, status=1, want=b"SlowDown")


# A 403 as AWS answers a wrong secret: the body echoes the signature, the
# string to sign and the canonical request. None of that may be printed.
def signature_mismatch(n, h):
    auth = h.headers.get("Authorization") or ""
    sig = re.search(r"Signature=([0-9a-f]+)", auth)
    sig = sig.group(1) if sig else "none"
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
            "signature we calculated does not match the signature you provided. Check your key and signing method."
            "</Message><AWSAccessKeyId>%s</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20240101T000000Z\n%s</StringToSign>"
            "<SignatureProvided>%s</SignatureProvided><StringToSignBytes>41 57 53</StringToSignBytes>"
            "<CanonicalRequest>GET\n/\nx-amz-security-token=%s\nAuthorization: %s</CanonicalRequest>"
            "<RequestId>R</RequestId></Error>") % (ACCESS_KEY, sig, sig, urllib.parse.quote(h.headers.get("x-amz-security-token") or "", safe=""), auth)
    return 403, [("Content-Type", "application/xml")], body.encode()


cap.script(signature_mismatch)
for tool, args, data in ((S3LS, [B], b""), (S3CAT, [B + "/small.json"], b""), (S3PUT, [B + "/denied.json"], b"d\n")):
    p = run([tool, "--verbose"] + args, env, data)
    clean("%s scripted SignatureDoesNotMatch" % os.path.basename(tool), p, status=1, want=b"SignatureDoesNotMatch")
cap.script(None)

# A presigned https URL is not what the programs take: refused, its signature and token not repeated.
presigned = ("https://%s.s3.amazonaws.com/small.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s%%2F20240101"
             "%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
             "&X-Amz-Security-Token=%s&X-Amz-Signature=%s") % (bucket, ACCESS_KEY, urllib.parse.quote(TOKEN, safe=""), "ab12" * 16)
add_secret("ab12" * 16, "presigned URL signature")
for tool, data in ((S3LS, b""), (S3CAT, b""), (S3PUT, b"x\n")):
    p = run([tool, "--verbose", presigned], env, data)
    clean("%s given a presigned URL" % os.path.basename(tool), p, verbose=False, status=2, want=b"not an S3 URL")
    check("%s given a presigned URL: access key id not shown either" % os.path.basename(tool), ACCESS_KEY.encode() not in p.stderr, p.stderr)

# Credentials from elsewhere: AssumeRole (moto's STS, through the proxy),
# web identity, container credentials with an authorization token.
with open(os.path.join(home, ".aws", "credentials"), "w") as f:
    f.write("[base]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n" % (ACCESS_KEY, SECRET, TOKEN))
with open(os.path.join(home, ".aws", "config"), "w") as f:
    f.write("[profile role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = base\n")
with open(os.path.join(home, "web-token"), "w") as f:
    f.write(WEB_TOKEN + "\n")
base_env = clean_env(AWS_REGION="us-east-1", AWS_ENDPOINT_URL=cap.url(), HOME=home)
p = run([S3LS, "--verbose", "--profile", "role", B], base_env)
clean("AssumeRole", p, status=0)
check("AssumeRole: the role's keys were seen (so they are checked)",
      any(w == "temporary credentials from STS" for w in secrets.values()), list(secrets.values()))
p = run([S3LS, "--verbose", B], dict(base_env, AWS_ROLE_ARN="arn:aws:iam::123456789012:role/web",
                                     AWS_WEB_IDENTITY_TOKEN_FILE=os.path.join(home, "web-token")))
clean("web identity", p, status=0)
cap.script(lambda n, h: (403, [], b"<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized</Message>"
                                  b"</Error></ErrorResponse>") if h.command == "POST" else None)
p = run([S3LS, "--verbose", "--profile", "role", B], base_env)
clean("AssumeRole refused", p, verbose=False, status=1, want=b"AccessDenied")
cap.script(None)


creds_failing = []


def container_creds(handler):
    if handler.headers.get("Authorization") != CONTAINER_TOKEN or creds_failing:
        return (500 if creds_failing else 401), b""
    return 200, ('{"AccessKeyId": "ASIAJLKITCONTAINER", "SecretAccessKey": "%s", "Token": "%s", '
                 '"Expiration": "2099-01-01T00:00:00Z"}' % (CONTAINER_SECRET, CONTAINER_SESSION)).encode()


creds_server = serve(container_creds)
cenv = dict(base_env, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:%d/creds" % creds_server.server_port,
            AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
p = run([S3CAT, "--verbose", B + "/small.json"], cenv)
clean("container credentials", p, status=0)
creds_failing.append(True)
p = run([S3CAT, "--verbose", B + "/small.json"], cenv)
clean("container credentials failing", p, verbose=False, status=1, want=b"container credentials")
creds_server.shutdown()

# A wrong secret against a moto that checks signatures for real.
s = socket.socket()
s.bind(("127.0.0.1", 0))
auth_port = s.getsockname()[1]
s.close()
auth_moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(auth_port)],
                             env=dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3"), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
try:
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/moto-api/" % auth_port, timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    iam = s3_client("http://127.0.0.1:%d" % auth_port, "x", "x", "iam")
    iam.create_user(UserName="tester")
    iam.put_user_policy(UserName="tester", PolicyName="all", PolicyDocument='{"Version":"2012-10-17","Statement":'
                        '[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
    real = iam.create_access_key(UserName="tester")["AccessKey"]
    add_secret(real["SecretAccessKey"], "moto IAM secret")
    s3_client("http://127.0.0.1:%d" % auth_port, real["AccessKeyId"], real["SecretAccessKey"]).create_bucket(Bucket="signed")
    auth_cap = Capture(auth_port)
    wenv = clean_env(AWS_ACCESS_KEY_ID=real["AccessKeyId"], AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION="us-east-1",
                     AWS_ENDPOINT_URL=auth_cap.url(), HOME=home)
    for tool, args, data in ((S3LS, ["s3://signed"], b""), (S3CAT, ["s3://signed/x"], b""), (S3PUT, ["s3://signed/x"], b"x\n")):
        p = run([tool, "--verbose"] + args, wenv, data)
        clean("%s wrong secret (moto checking signatures)" % os.path.basename(tool), p, status=1, want=b"SignatureDoesNotMatch")
    p = run([S3LS, "--verbose", "s3://signed"], dict(wenv, AWS_SECRET_ACCESS_KEY=real["SecretAccessKey"]))
    clean("right secret (moto checking signatures)", p, status=0)
    auth_cap.close()
finally:
    auth_moto.terminate()
    auth_moto.wait()

# ---------------------------------------------------------------- Azure (Azurite)
az = Azure(state)
C = "secrets-%d" % os.getpid()
az.create_container(C)
acap = Capture(azurite_port(state))
ep = acap.url() + "/" + ACCOUNT
sas = az.account_sas()
sas_sig = urllib.parse.parse_qs(sas)["sig"][0]
add_secret(sas_sig, "SAS signature")
bad_sas = sas.replace("sig=", "sig=AAAA")
add_secret(urllib.parse.parse_qs(bad_sas)["sig"][0], "bad SAS signature")
cs_key = "DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;BlobEndpoint=%s;" % (ACCOUNT, KEY, ep)
aenv = azure_env(clean_env(HOME=home))


def az_url(blob):
    return "az://%s/%s/%s" % (ACCOUNT, C, blob)


def http_url(blob, query=sas, container=C):
    return "%s/%s/%s?%s" % (ep, container, blob, query)


def blobappend(name, url, extra_env, *args, status=0, want=None, data=b'{"n":1}\n', verbose=True):
    p = run([BLOBAPPEND] + (["--verbose"] if verbose else []) + list(args) + [url], dict(aenv, **extra_env), data)
    clean("blobappend " + name, p, verbose=verbose, status=status, want=want)
    return p


key_env = {"AZURE_STORAGE_ACCOUNT": ACCOUNT, "AZURE_STORAGE_KEY": KEY}
blobappend("connection string with AccountKey", az_url("a"), {"AZURE_STORAGE_CONNECTION_STRING": cs_key})
blobappend("AZURE_STORAGE_KEY", az_url("a"), key_env, "--endpoint-url", ep)
p = blobappend("SAS in the URL", http_url("a"), {})
check("SAS in the URL: shown redacted (so a leak would show)", b"sig=REDACTED" in p.stderr, p.stderr)
blobappend("AZURE_STORAGE_SAS_TOKEN", az_url("a"), {"AZURE_STORAGE_SAS_TOKEN": "?" + sas}, "--endpoint-url", ep)
blobappend("connection string with a SAS", az_url("a"),
           {"AZURE_STORAGE_CONNECTION_STRING": "BlobEndpoint=%s;SharedAccessSignature=%s" % (ep, sas)})
blobappend("UseDevelopmentStorage=true", az_url("a"), {"AZURE_STORAGE_CONNECTION_STRING": "UseDevelopmentStorage=true"},
           "--endpoint-url", ep)
check("every way appended", az.get(C + "/a") == b'{"n":1}\n' * 6, az.get(C + "/a"))
blobappend("ledger by SAS URL", http_url("led"), {}, "--ledger", http_url("led-ledger"), "--key", "k1")
ledger = az.get(C + "/led-ledger") or b""
check("ledger by SAS URL: the ledger holds no SAS", ledger and sas_sig.encode() not in ledger and
      urllib.parse.quote(sas_sig, safe="").encode() not in ledger and b"sig=" not in ledger, ledger)

# Failures: wrong key, bad SAS, missing container (key and SAS), no such blob.
blobappend("wrong key", az_url("a"), {"AZURE_STORAGE_ACCOUNT": ACCOUNT, "AZURE_STORAGE_KEY": WRONG_KEY},
           "--endpoint-url", ep, status=1, want=b"check the account key")
blobappend("wrong key in a connection string", az_url("a"), {"AZURE_STORAGE_CONNECTION_STRING": cs_key.replace(KEY, WRONG_KEY)},
           status=1, want=b"check the account key")
blobappend("bad SAS in the URL", http_url("a", bad_sas), {}, status=1, want=b"check the account key or SAS")
blobappend("bad AZURE_STORAGE_SAS_TOKEN", az_url("a"), {"AZURE_STORAGE_SAS_TOKEN": bad_sas}, "--endpoint-url", ep,
           status=1, want=b"check the account key or SAS")
blobappend("missing container by key", "az://%s/no-such-%d/x" % (ACCOUNT, os.getpid()), key_env, "--endpoint-url", ep,
           status=1, want=b"ContainerNotFound")
blobappend("missing container by SAS", http_url("x", container="no-such-%d" % os.getpid()), {}, status=1,
           want=b"ContainerNotFound")
blobappend("--no-create, no such blob", http_url("absent"), {}, "--no-create", status=1, want=b"no such blob")
# Credentials that cannot be used: never repeated in the message.
blobappend("a key that lost its name in the connection string", az_url("a"),
           {"AZURE_STORAGE_CONNECTION_STRING": "AccountName=%s;%s;BlobEndpoint=%s" % (ACCOUNT, KEY.rstrip("="), ep)},
           status=1, want=b"not Name=Value", verbose=False)
blobappend("a key that is not base64", az_url("a"), {"AZURE_STORAGE_ACCOUNT": ACCOUNT, "AZURE_STORAGE_KEY": "*" + KEY},
           "--endpoint-url", ep, status=1, want=b"not base64", verbose=False)
blobappend("a SAS given with an az:// URL", az_url("a") + "?" + sas, {}, status=2, verbose=False)


# Retries after 500, and giving up.
def az_fail_first(k, status=500, code="InternalError"):
    def respond(n, h):
        if n <= k:
            return status, [("x-ms-error-code", code), ("Content-Type", "application/xml")], (
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>%s</Code><Message>try again\nRequestId:r\nTime:t"
                "</Message></Error>" % code).encode()
        return None
    return respond


for name, url, extra in (("by key", az_url("r"), key_env), ("by SAS", http_url("r"), {})):
    args = ["--endpoint-url", ep] if url.startswith("az:") else []
    acap.script(az_fail_first(2))
    blobappend("after 500s " + name, url, extra, *args, want=b"retrying")
    acap.script(az_fail_first(100, 503, "ServerBusy"))
    blobappend("giving up after 503s " + name, url, extra, "--retries", "2", *args, status=1, want=b"ServerBusy")


# A 403 as Azure answers a wrong key or SAS: the detail echoes the signature
# and the string to sign.
def authentication_failed(n, h):
    auth = h.headers.get("Authorization") or ""
    m = re.match(r"SharedKey [^:]+:(\S+)", auth)
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(h.path).query))
    sig = m.group(1) if m else q.get("sig", "")
    detail = ("The MAC signature found in the HTTP request '%s' is not the same as any computed signature. Server used "
              "following string to sign: 'PUT\n\n\n/%s/%s\nsig:%s'." % (sig, ACCOUNT, C, sig))
    body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to "
            "authenticate the request. Make sure the value of Authorization header is formed correctly including the "
            "signature.\nRequestId:r\nTime:t</Message><AuthenticationErrorDetail>%s</AuthenticationErrorDetail></Error>") % detail
    return 403, [("x-ms-error-code", "AuthenticationFailed"), ("Content-Type", "application/xml")], body.encode()


acap.script(authentication_failed)
blobappend("scripted AuthenticationFailed by key", az_url("a"), key_env, "--endpoint-url", ep, status=1, want=b"AuthenticationFailed")
blobappend("scripted AuthenticationFailed by SAS", http_url("a"), {}, status=1, want=b"AuthenticationFailed")
acap.script(None)
acap.close()
cap.close()
check("the proxies saw signatures of every kind", {"SigV4 signature", "SharedKey signature", "signature in the query",
                                                   "session token header"} <= set(secrets.values()), set(secrets.values()))

# ---------------------------------------------------------------- TLS
tls_dir = tempfile.mkdtemp()
cert, keyfile = os.path.join(tls_dir, "cert.pem"), os.path.join(tls_dir, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyfile, "-out", cert, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
tls_requests = []


class TlsHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        tls_requests.append((self.command, self.path))
        body = b"<Error><Code>TlsHandshakeDone</Code><Message>answered over TLS</Message></Error>"
        self.send_response(403)
        self.send_header("x-ms-error-code", "TlsHandshakeDone")
        self.send_header("Content-Length", "0" if self.command == "HEAD" else str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_PUT = do_HEAD = do_POST = answer

    def log_message(self, *a):
        pass


tls = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TlsHandler)
tls.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, keyfile)
tls.socket = context.wrap_socket(tls.socket, server_side=True)
threading.Thread(target=tls.serve_forever, daemon=True).start()
tls_ep = "https://127.0.0.1:%d" % tls.server_port
s3_tls_env = clean_env(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION="us-east-1", HOME=home)
az_tls_env = azure_env(clean_env(HOME=home), AZURE_STORAGE_ACCOUNT=ACCOUNT, AZURE_STORAGE_KEY=KEY)
tls_cases = [
    ("s3ls", [S3LS, "--endpoint-url", tls_ep, "s3://b"], s3_tls_env, b""),
    ("s3cat", [S3CAT, "--endpoint-url", tls_ep, "s3://b/k"], s3_tls_env, b""),
    ("s3put", [S3PUT, "--endpoint-url", tls_ep, "s3://b/k"], s3_tls_env, b"x\n"),
    ("blobappend", [BLOBAPPEND, "%s/%s/c/b" % (tls_ep, ACCOUNT)], az_tls_env, b"x\n"),
    ("blobappend az://", [BLOBAPPEND, "--endpoint-url", tls_ep + "/" + ACCOUNT, "az://%s/c/b" % ACCOUNT], az_tls_env, b"x\n"),
    ("blobappend by SAS", [BLOBAPPEND, "%s/%s/c/b?%s" % (tls_ep, ACCOUNT, sas)], azure_env(clean_env(HOME=home)), b"x\n"),
]
for name, argv, e, data in tls_cases:
    del tls_requests[:]
    t0 = time.time()
    p = run(argv + ["--retries", "2"], e, data, timeout=60)
    check("TLS %s: a self-signed certificate is refused" % name, p.returncode == 1 and b"certificate" in p.stderr
          and not tls_requests, (p.returncode, p.stderr, tls_requests))
    check("TLS %s: refused at once, not retried" % name, time.time() - t0 < 5 and b"attempts" not in p.stderr, p.stderr)
    clean("TLS %s refused" % name, p, verbose=False)
    p = run(argv, dict(e, AWS_CA_BUNDLE=cert), data, timeout=60)
    check("TLS %s: accepted with AWS_CA_BUNDLE" % name, p.returncode == 1 and b"TlsHandshakeDone" in p.stderr and tls_requests,
          (p.returncode, p.stderr, tls_requests))
    clean("TLS %s accepted" % name, p, verbose=False)
    # The certificate names 127.0.0.1 only: another name for the same server is refused, trusted CA or not.
    del tls_requests[:]
    other = [a.replace("https://127.0.0.1:", "https://localhost:") for a in argv]
    p = run(other + ["--retries", "1"], dict(e, AWS_CA_BUNDLE=cert), data, timeout=60)
    check("TLS %s: a name the certificate does not carry is refused" % name, p.returncode == 1 and not tls_requests and
          re.search(rb"certificate|subject name|host name", p.stderr), (p.returncode, p.stderr, tls_requests))
tls.shutdown()
shutil.rmtree(tls_dir, ignore_errors=True)

# ---------------------------------------------------------------- XML with a DOCTYPE
xml_script = []


xml_server = serve(lambda handler: xml_script[0], "application/xml")
xml_ep = "http://127.0.0.1:%d" % xml_server.server_port
LISTING = (b"<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated><Contents><Key>%s</Key>"
           b"<LastModified>2024-05-01T00:00:00.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>3</Size>"
           b"<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>")
passwd_lines = [l for l in open("/etc/passwd", "rb").read().splitlines() if l.strip()]
xml_env = clean_env(AWS_ACCESS_KEY_ID="a", AWS_SECRET_ACCESS_KEY="b", AWS_REGION="us-east-1", HOME=home)
xml_cases = [
    ("external entity in a listing", 200, b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
     LISTING % b"&e;", b"malformed"),
    ("internal entity in a listing", 200, b'<!DOCTYPE r [<!ENTITY e "boom">]>' + LISTING % b"&e;", b"malformed"),
    ("DTD text that looks like a listing", 200, b'<!DOCTYPE r [<!ENTITY e "x>y<ListBucketResult><IsTruncated>false'
     b'</IsTruncated><Contents><Key>injected.json</Key></Contents></ListBucketResult>">]>' + LISTING % b"k.json", b"malformed"),
    ("billion laughs", 200, b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) +
     b"]>" + LISTING % b"&lol9;", b"malformed"),
    ("external entity in an error", 403, b'<!DOCTYPE Error [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b"<Error><Code>&e;</Code><Message>&e;</Message></Error>", b"AccessDenied (HTTP 403)"),
    ("DTD text that looks like an error code", 403, b'<!DOCTYPE Error [<!ENTITY e "a>b<Code>Injected</Code><Message>'
     b'Injected</Message>">]><Error><Code>Other</Code></Error>', b"AccessDenied (HTTP 403)"),
]
for name, status, body, want in xml_cases:
    xml_script[:] = [(status, body)]
    p = run([S3LS, "--endpoint-url", xml_ep, "s3://b"], xml_env, timeout=60)
    out = p.stdout + p.stderr
    check("XML %s: s3ls fails" % name, p.returncode == 1 and p.stdout == b"", (p.returncode, p.stdout, p.stderr))
    # A 2xx listing that is not a whole document is retried, then reported as incomplete or malformed.
    check("XML %s: says why" % name, want in p.stderr or (status == 200 and b"incomplete or malformed answer" in p.stderr), p.stderr)
    check("XML %s: no file content, nothing expanded or injected" % name,
          not any(l in out for l in passwd_lines) and b"boom" not in out and b"lollol" not in out
          and b"injected" not in out.lower(), out)
xml_script[:] = [(200, LISTING % b"k.json")]
p = run([S3LS, "--endpoint-url", xml_ep, "--urls", "s3://b"], xml_env, timeout=60)
check("XML: the same listing without a DOCTYPE is read", p.returncode == 0 and p.stdout == b"s3://b/k.json\n", p.stderr)
xml_server.shutdown()

shutil.rmtree(home, ignore_errors=True)
print("%d runs checked against %d secrets" % (runs, len(secrets)))
finish()
