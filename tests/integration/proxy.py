"""An HTTP proxy between a program under test and a local server, run in
the test's own process: it forwards every request, counts them, and lets a
test act at request N: kill the client before or after the server saw the
request, drop the answer (the client sees a broken connection), or change
the server's state first (another writer). Nothing about the storage is
simulated: every request that is forwarded reaches the real server."""
import http.client
import http.server
import os
import signal
import threading
import time


class Proxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.count = 0
        self.log = []        # (method, path, body size, body ends with newline)
        self.plan = {}       # request number -> action
        self.victim = None   # pid killed by "kill-before" / "kill-after"
        self.before = None   # callable(n, method, path) run before forwarding
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.count += 1
                    n = proxy.count
                    proxy.log.append((self.command, self.path, len(body), body.endswith(b"\n")))
                    action = proxy.plan.get(n, "forward")
                if proxy.before:
                    proxy.before(n, self.command, self.path)
                if action == "kill-before":
                    proxy.kill()
                    self.close_connection = True
                    return
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body if body or self.command in ("PUT", "POST") else None,
                             headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                if action in ("kill-after", "drop"):
                    if action == "kill-after":
                        proxy.kill()
                    self.close_connection = True
                    return
                self.send_response_only(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                # A HEAD answer keeps the server's length (the blob's size), without a body.
                self.send_header("Content-Length", (resp.getheader("Content-Length") or "0") if self.command == "HEAD" else str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = handle_any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kill(self):
        # The test sets the victim just after starting it: wait for that.
        for _ in range(500):
            if self.victim:
                break
            time.sleep(0.01)
        try:
            os.kill(self.victim, signal.SIGKILL)
        except (ProcessLookupError, TypeError):
            pass

    def reset(self, plan=None, victim=None, before=None):
        with self.lock:
            self.count = 0
            self.log = []
            self.plan = plan or {}
            self.victim = victim
            self.before = before

    def close(self):
        self.server.shutdown()
