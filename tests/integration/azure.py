"""A small Azure Blob client for the tests, written independently of the
C++ one (its own SharedKey signing and account SAS), to set up containers
and blobs in Azurite and read them back."""
import base64
import datetime
import hashlib
import hmac
import http.client
import os
import urllib.parse

ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
VERSION = "2023-11-03"


def azurite_port(state):
    return int(open(os.path.join(state, "azurite.port")).read().strip())


def endpoint(state):
    return "http://127.0.0.1:%d/%s" % (azurite_port(state), ACCOUNT)


def azure_env(base_env, **extra):
    """`base_env` without any AZURE_ variable, plus `extra`."""
    env = {k: v for k, v in base_env.items() if not k.startswith("AZURE_")}
    env.update(extra)
    return env


def connection_string(state):
    return "DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;BlobEndpoint=%s;" % (ACCOUNT, KEY, endpoint(state))


class Azure:
    def __init__(self, state):
        self.port = azurite_port(state)

    def request(self, method, path, query=None, headers=None, body=b""):
        query = query or {}
        headers = dict(headers or {})
        headers["x-ms-date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
        headers["x-ms-version"] = VERSION
        if body or method in ("PUT", "POST"):
            headers.setdefault("Content-Type", "application/octet-stream")
        full = "/%s/%s" % (ACCOUNT, urllib.parse.quote(path))
        lower = {k.lower(): v for k, v in headers.items()}
        fields = ["content-encoding", "content-language", None, "content-md5", "content-type", "date",
                  "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"]
        parts = [method]
        for f in fields:
            parts.append(str(len(body)) if f is None and body else ("" if f is None else lower.get(f, "")))
        to_sign = "\n".join(parts) + "\n"
        for k in sorted(k for k in lower if k.startswith("x-ms-")):
            to_sign += "%s:%s\n" % (k, lower[k])
        to_sign += "/%s%s" % (ACCOUNT, full)
        for k in sorted(query):
            to_sign += "\n%s:%s" % (k.lower(), query[k])
        sig = base64.b64encode(hmac.new(base64.b64decode(KEY), to_sign.encode(), hashlib.sha256).digest()).decode()
        headers["Authorization"] = "SharedKey %s:%s" % (ACCOUNT, sig)
        url = full + ("?" + urllib.parse.urlencode(query) if query else "")
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.request(method, url, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def create_container(self, name):
        status, _, body = self.request("PUT", name, {"restype": "container"})
        assert status in (201, 409), (status, body)

    def get(self, path):
        status, headers, body = self.request("GET", path)
        return body if status == 200 else None

    def props(self, path):
        status, headers, _ = self.request("HEAD", path)
        return headers if status == 200 else None

    def put_block_blob(self, path, data):
        status, _, body = self.request("PUT", path, headers={"x-ms-blob-type": "BlockBlob"}, body=data)
        assert status == 201, (status, body)

    def create_append_blob(self, path):
        status, _, body = self.request("PUT", path, headers={"x-ms-blob-type": "AppendBlob"})
        assert status == 201, (status, body)

    def append(self, path, data):
        status, headers, body = self.request("PUT", path, {"comp": "appendblock"}, body=data)
        assert status == 201, (status, body)
        return headers

    def account_sas(self, permissions="racwdl", hours=1):
        """An account SAS (version 2019-12-12 string-to-sign) for the blob service."""
        expiry = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        sv, ss, srt = "2019-12-12", "b", "sco"
        to_sign = "\n".join([ACCOUNT, permissions, ss, srt, "", expiry, "", "", sv, ""])
        sig = base64.b64encode(hmac.new(base64.b64decode(KEY), to_sign.encode(), hashlib.sha256).digest()).decode()
        return urllib.parse.urlencode({"sv": sv, "ss": ss, "srt": srt, "sp": permissions, "se": expiry, "sig": sig})
