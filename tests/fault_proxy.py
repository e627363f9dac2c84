"""A small reverse proxy between an SDK client and an emulator that injects faults per request.

Rules match on the HTTP method and the request target (path + query); the first matching rule with
budget left answers instead of the emulator: an error response (AccessDenied, SlowDown, ...), or a
delay before forwarding. Everything else is forwarded unchanged.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

S3_ACCESS_DENIED = (403, "application/xml",
                    b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
                    b"<Message>Access Denied</Message><RequestId>fault-proxy</RequestId></Error>")
S3_INTERNAL_ERROR = (500, "application/xml",
                     b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>InternalError</Code>"
                     b"<Message>We encountered an internal error. Please try again.</Message></Error>")
S3_SERVICE_UNAVAILABLE = (503, "application/xml",
                          b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ServiceUnavailable</Code>"
                          b"<Message>Service is unable to handle request.</Message></Error>")
TOO_MANY_REQUESTS = (429, "text/plain", b"Too Many Requests")
BAD_GATEWAY = (502, "text/html", b"<html><body>502 Bad Gateway</body></html>")
S3_SLOW_DOWN = (503, "application/xml",
                b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>SlowDown</Code>"
                b"<Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>")


@dataclass
class Rule:
    method: str                      # "GET", "PUT", ... or "*"
    target: str                      # regex searched in path?query
    response: tuple[int, str, bytes] | None = None
    delay: float = 0.0
    times: int | None = None         # None = every matching request
    body: str | None = None          # regex searched in the body and X-Amz-Target (query and JSON protocols)
    hits: int = field(default=0)

    def matches(self, method: str, target: str, body: str = "") -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.body is not None and re.search(self.body, body) is None:
            return False
        return (self.method in ("*", method)) and re.search(self.target, target) is not None


@dataclass
class Chaos:
    """Random faults: a share of requests answered with one of `responses`, a share of connections
    closed without an answer. Seeded, so a failing run can be replayed."""

    seed: int
    fault_rate: float
    drop_rate: float
    responses: tuple
    faults: int = 0
    drops: int = 0

    def __post_init__(self):
        import random

        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def draw(self):
        """None (forward), "drop", or a response."""
        with self._lock:
            roll = self._random.random()
            if roll < self.drop_rate:
                self.drops += 1
                return "drop"
            if roll < self.drop_rate + self.fault_rate:
                self.faults += 1
                return self._random.choice(self.responses)
        return None


SIGV4_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")


def sigv4_scope(authorization: str) -> tuple[str, str] | None:
    """(region, signing name) of a SigV4 Authorization header's credential scope: what tells moto which backend
    answers, and a benchmark which service was called."""
    found = SIGV4_SCOPE.search(authorization)
    return found.groups() if found else None


class _Server(ThreadingHTTPServer):
    # socketserver's listen backlog is 5: a burst of new connections overflowed it, the kernel dropped their SYNs and
    # each client waited a second for its SYN to be sent again (no real endpoint does that; benchmarks saw 0.5-1 s
    # with nothing in flight)
    request_queue_size = 1024


class FaultProxy:
    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname, parts.port
        self.rules: list[Rule] = []
        # Stand-ins for services the emulator lacks: (method, path?query, headers, body) -> response or None.
        self.responders: list = []
        self.chaos: Chaos | None = None
        # Replay: when a dict, upstream answers are kept in order under their request (method, path?query, the
        # SigV4 scope's region and service, X-Amz-Target + body); after replay_from_start(), the n-th repeat of a
        # request is answered with the n-th answer kept (so a poll sees its answers change as before), and only
        # requests beyond what was kept reach the emulator. A benchmark's repeated runs then cost the emulator
        # nothing (its CPU would otherwise share the client's cores).
        self.replay: dict | None = None
        self._replayed: dict = {}
        self.requests: list[tuple[str, str]] = []
        # Every request's (start, end, method, path?query, Authorization, X-Amz-Target + body), for benchmarks that
        # work out the critical path (bench/critical_path.py); times are time.monotonic() at the proxy.
        self.timeline: list[tuple[float, float, str, str, str, str]] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                started = time.monotonic()
                try:
                    self._answer()
                finally:
                    with proxy._lock:
                        proxy.timeline.append((started, time.monotonic(), self.command, self.path,
                                               self.headers.get("Authorization", ""), self._operation))

            def _answer(self):
                self._operation = ""
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = f"{self.headers.get('X-Amz-Target', '')}\n{body.decode('utf-8', 'replace')}"
                self._operation = operation[:300]
                rule = proxy._take(self.command, self.path, operation)
                if rule is not None and rule.delay:
                    time.sleep(rule.delay)
                answer = rule.response if rule is not None else None
                if answer is None and proxy.chaos is not None:
                    answer = proxy.chaos.draw()
                    if answer == "drop":
                        self.close_connection = True
                        return
                if answer is None:
                    answer = next((r for r in (responder(self.command, self.path, self.headers, body)
                                               for responder in proxy.responders) if r is not None), None)
                if answer is not None:
                    status, ctype, payload = answer
                    self._reply(status, [("Content-Type", ctype)], payload)
                    return
                key = (self.command, self.path, sigv4_scope(self.headers.get("Authorization", "")), operation)
                self._reply(*(proxy._replayed_answer(key) or proxy._keep(key, self._forward(body))))

            def _reply(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            def _forward(self, body: bytes) -> tuple[int, list, bytes]:
                conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = f"{proxy.upstream_host}:{proxy.upstream_port}"
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    upstream = conn.getresponse()
                    return upstream.status, [(key, value) for key, value in upstream.getheaders() if key.lower() not in
                                             ("content-length", "transfer-encoding", "connection", "server", "date")
                                             ], upstream.read()
                finally:
                    conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = _handle

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _take(self, method: str, target: str, body: str = "") -> Rule | None:
        with self._lock:
            self.requests.append((method, target))
            for rule in self.rules:
                if rule.matches(method, target, body):
                    rule.hits += 1
                    return rule
        return None

    def _replayed_answer(self, key: tuple):
        """With replay on, the answer kept for this repeat of the request in this run, if one was."""
        if self.replay is None:
            return None
        with self._lock:
            seen = self._replayed[key] = self._replayed.get(key, 0) + 1
            answers = self.replay.get(key, [])
            return answers[seen - 1] if seen <= len(answers) else None

    def _keep(self, key: tuple, answer: tuple) -> tuple:
        if self.replay is not None and answer[0] < 500:
            with self._lock:
                self.replay.setdefault(key, []).append(answer)
        return answer

    def replay_from_start(self) -> None:
        """The next requests are answered from the first answer kept for each, as a new run."""
        with self._lock:
            self._replayed.clear()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FaultProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
