"""An HTTP proxy between a program under test and a local server (moto or
Azurite), run in the test's own process. It forwards every request as the
client sent it (Host included) and counts them; hooks see each request and
answer, and `respond` can answer instead of the server. A test can act at request N (`plan`): kill the client before
or after the server saw the request, drop the answer, or change the
server's state first (another writer). Or it can inject network faults at
random (`faults`), at a given rate and seed:

  reset       the server carries the request out; the answer breaks off
              with a TCP reset (halfway through its body, if it has one)
  500 503 429 a burst of 1-3 such answers, the request not forwarded
              (503 is S3's SlowDown, Azure's ServerBusy)
  stall       the answer stops halfway for longer than the client waits
  truncate    the answer ends halfway (FIN) short of its Content-Length
  bad-length  the answer's Content-Length is wrong: a body cut short but
              complete by its own header, or an empty body announced as 5
  slow        the answer trickles out in small pieces

Nothing about the storage is simulated: every request that is forwarded
reaches the real server, and every fault is one a real network or a real
service produces."""
import http.client
import http.server
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

FAULTS = ("reset", "500", "503", "429", "stall", "truncate", "bad-length", "slow")

ERRORS = {
    "s3": {500: ("InternalError", "We encountered an internal error. Please try again."),
           503: ("SlowDown", "Please reduce your request rate."),
           429: ("TooManyRequests", "Too many requests.")},
    "azure": {500: ("InternalError", "The server encountered an internal error."),
              503: ("ServerBusy", "The server is busy."),
              429: ("TooManyRequests", "Too many requests.")},
}


class Faults:
    """Which requests get which fault: each request draws from `rng`; a
    drawn error status repeats for a burst of 1-3 requests."""

    def __init__(self, rate, seed, kinds=FAULTS, stall_s=3.0, flavour="s3"):
        self.rate = rate
        self.rng = random.Random(seed)
        self.kinds = list(kinds)
        self.stall_s = stall_s
        self.flavour = flavour
        self.burst = []

    def draw(self):
        if self.burst:
            return self.burst.pop()
        if self.rng.random() >= self.rate:
            return "forward"
        kind = self.rng.choice(self.kinds)
        if kind in ("500", "503", "429"):
            self.burst = [kind] * self.rng.randrange(3)
        return kind


class Proxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.count = 0
        self.log = []        # (method, path, body size, body ends with newline)
        self.injected = []   # (request number, fault, method, path)
        self.plan = {}       # request number -> action
        self.faults = None   # Faults, for requests the plan does not name
        self.victim = None   # pid killed by "kill-before" / "kill-after"
        self.before = None   # callable(n, method, path) run before forwarding
        self.respond = None  # callable(n, handler): None to forward, else (status, headers, body) to answer
        self.on_request = None  # callable(handler): sees every request
        self.on_answer = None   # callable(body): sees every answer the server gave
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
                    action = proxy.plan.get(n) or (proxy.faults.draw() if proxy.faults else "forward")
                    if action != "forward":
                        proxy.injected.append((n, action, self.command, self.path))
                if proxy.before:
                    proxy.before(n, self.command, self.path)
                if action == "kill-before":
                    proxy.kill()
                    self.close_connection = True
                    return
                if proxy.on_request:
                    proxy.on_request(self)
                if action in ("500", "503", "429"):
                    return self.error(int(action))
                answer = proxy.respond(n, self) if proxy.respond and action == "forward" else None
                if answer:
                    status, headers, data = answer
                    reason = None
                else:
                    status, reason, headers, data = proxy.forward(self, body)
                    if proxy.on_answer:
                        proxy.on_answer(data)
                if action in ("kill-after", "drop"):
                    if action == "kill-after":
                        proxy.kill()
                    self.close_connection = True
                    return
                # A HEAD answer keeps the server's length (the blob's size), without a body.
                declared = len(data)
                if self.command == "HEAD":
                    declared = int(dict((k.lower(), v) for k, v in headers).get("content-length") or 0)
                    data = b""
                if not data and action in ("reset", "stall", "truncate"):
                    # Nothing to break off: the answer is lost before its status line.
                    if action == "stall":
                        time.sleep(proxy.faults.stall_s if proxy.faults else 3.0)
                    return self.reset()
                if action == "bad-length" and self.command != "HEAD":
                    if data:
                        data = data[:len(data) // 2]
                        declared = len(data)
                    else:
                        declared = 5
                self.send_response_only(status, reason)
                for k, v in headers:
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(declared))
                if action != "forward":
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                half = len(data) // 2
                if action == "reset":
                    self.wfile.write(data[:half])
                    self.reset()
                elif action == "stall":
                    self.wfile.write(data[:half])
                    time.sleep(proxy.faults.stall_s if proxy.faults else 3.0)
                elif action == "truncate":
                    self.wfile.write(data[:half])
                elif action == "slow":
                    step = max(1, len(data) // 20)
                    for i in range(0, len(data), step):
                        self.wfile.write(data[i:i + step])
                        time.sleep(0.02)
                else:
                    self.wfile.write(data)

            def error(self, status):
                code, message = ERRORS[proxy.faults.flavour if proxy.faults else "s3"][status]
                data = b"" if self.command == "HEAD" else (
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code><Message>%s</Message></Error>"
                    % (code, message)).encode()
                self.send_response_only(status, code)
                self.send_header("Content-Type", "application/xml")
                if proxy.faults and proxy.faults.flavour == "azure":
                    self.send_header("x-ms-error-code", code)
                self.send_header("Content-Length", str(len(data)))
                if status in (503, 429):
                    self.send_header("Retry-After", "1")
                self.end_headers()
                self.wfile.write(data)

            def reset(self):
                # SO_LINGER 0: close sends RST, not FIN.
                self.wfile.flush()
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

            do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = handle_any

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A client that gave up on a stalled or slow answer is expected.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, handler, body):
        """The server's answer to the request: status, reason, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=120)
        # The Host header as the client sent it: SigV4 signs it.
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("connection", "expect")}
        conn.request(handler.command, handler.path,
                     body=body if body or handler.command in ("PUT", "POST") else None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, resp.reason, resp.getheaders(), data

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

    def reset(self, plan=None, victim=None, before=None, faults=None, respond=None):
        with self.lock:
            self.count = 0
            self.log = []
            self.injected = []
            self.plan = plan or {}
            self.faults = faults
            self.victim = victim
            self.before = before
            self.respond = respond

    def close(self):
        self.server.shutdown()
