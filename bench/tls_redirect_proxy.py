"""An HTTPS proxy that answers for the real cloud hostnames from a local stand-in: what a tool with no endpoint
override (Prowler's Google Cloud and Azure providers) needs to be run against our twin corpora offline.

The tool is started with HTTPS_PROXY pointing here and trusting a throwaway CA (written to `ca_path`). A
CONNECT to any host is accepted and the tunnel is terminated with a certificate for that host issued by the CA;
each request inside is handed to `route(host, method, path, headers, body)`, which returns (status, headers,
body) - typically by rewriting the path and forwarding to a stand-in. Benchmarks only; never in front of a real
endpoint (it sees every byte).
"""

from __future__ import annotations

import http.server
import socketserver
import ssl
import threading
from collections import Counter
from typing import Callable

Route = Callable[[str, str, str, dict, bytes], "tuple[int, dict, bytes]"]


class TlsRedirectProxy:
    def __init__(self, route: Route, ca_path: str):
        import trustme

        self.route = route
        self.ca = trustme.CA()
        self.ca.cert_pem.write_to_path(ca_path)
        self.requests: Counter[tuple[str, str]] = Counter()   # (host, "METHOD path") -> times
        self.unanswered: Counter[tuple[str, str]] = Counter()  # routes that said 404
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Tunnel)
        self._server.proxy = self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def context_for(self, host: str) -> ssl.SSLContext:
        with self._lock:
            if host not in self._contexts:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                self.ca.issue_cert(host).configure_cert(context)
                self._contexts[host] = context
            return self._contexts[host]

    def __enter__(self) -> "TlsRedirectProxy":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: TlsRedirectProxy


class _Tunnel(http.server.BaseHTTPRequestHandler):
    """The proxy side: only CONNECT is served; the tunnel is then read as HTTPS for the requested host."""

    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.proxy.context_for(host).wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return
        _Inner(tls, self.client_address, self.server, host)
        self.close_connection = True

    def log_message(self, *args):
        pass


class _Inner(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive inside the tunnel, as the clients expect

    def __init__(self, sock, address, server, host):
        self.host = host
        super().__init__(sock, address, server)

    def _answer(self):
        proxy: TlsRedirectProxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        key = (self.host, f"{self.command} {self.path.split('?')[0]}")
        with proxy._lock:
            proxy.requests[key] += 1
        status, headers, payload = proxy.route(self.host, self.command, self.path, dict(self.headers), body)
        if status == 404:
            with proxy._lock:
                proxy.unanswered[key] += 1
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _answer

    def log_message(self, *args):
        pass
