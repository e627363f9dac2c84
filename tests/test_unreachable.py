"""An endpoint that cannot be reached, or accepts connections and never answers, ends the scan (or that
listing) quickly with one line, on every cloud (srmscan.providers.reachability).

The first-contact window and timeouts are shortened here (tests/cli_driver.py: 2 s window, 1 s timeouts)
so each case takes seconds; the defaults (25 s window, 10 s connect, 20 s read; AWS 30 s read) bound the
same cases under 60 s, as measured in the README. A request to a host that has answered once keeps the
full retry policy: the fault tests (test_aws_faults.py, test_gcp.py, test_azure.py) prove that.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from test_interrupts import drive

FAST = {"SRMSCAN_FIRST_CONTACT": "2,1,1"}
BOUND = 20   # seconds: the shortened window and timeouts allow a few; an unbounded retry would take minutes


class BlackHole:
    """A TCP server that accepts every connection and never answers; counts the connections."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                continue
            self.connections += 1
            self._held.append(connection)

    def __enter__(self) -> "BlackHole":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._socket.close()


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]   # closed again: connections to it are refused


def timed(*args: str, env: dict | None = None):
    started = time.monotonic()
    result = drive(*args, env={**FAST, **(env or {})}, timeout=120)
    return result, time.monotonic() - started


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("srmscan:")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("where", ["refused", "black hole"])
def test_aws_endpoint_that_cannot_be_reached_is_one_line(where):
    if where == "refused":
        result, took = timed("scan", "aws", "--endpoint-url", f"http://127.0.0.1:{refused_port()}")
    else:
        with BlackHole() as hole:
            result, took = timed("scan", "aws", "--endpoint-url", f"http://127.0.0.1:{hole.port}")
        # the identity and the regions are asked at once: each tries once past the window (3 at most), not ten times
        assert hole.connections <= 2 * 3
    assert result.returncode == 2 and took < BOUND
    assert "AWS" in one_line(result)


def test_gcp_apis_that_never_answer_end_their_listings(tmp_path):
    with BlackHole() as hole:
        endpoint = f"http://127.0.0.1:{hole.port}"
        result, took = timed("scan", "gcp", "--project", "p", "--api-endpoint", endpoint, "--endpoint", endpoint,
                             "--json", str(tmp_path / "f.json"))
    assert result.returncode == 3 and took < BOUND, result.stderr
    errors = json.loads((tmp_path / "f.json").read_text())["collection_errors"]
    assert errors and all(e["code"] in ("Unreachable", "ReadTimeout", "ConnectionError", "ConnectTimeout")
                          for e in errors), errors
    assert any("did not answer within 2 s" in e["message"] for e in errors)


def test_azure_identity_platform_unreachable_is_one_line():
    port = refused_port()
    url = f"https://127.0.0.1:{port}"
    env = {"AZURE_CLIENT_ID": "00000000-1111-2222-3333-444444444444", "AZURE_CLIENT_SECRET": "s",
           "AZURE_TENANT_ID": "11111111-1111-1111-1111-111111111111", "AZURE_TOKEN_CREDENTIALS": "environmentcredential"}
    result, took = timed("scan", "azure", "--arm-endpoint", url, "--graph-endpoint", url, "--authority-host", url,
                         env=env)
    assert result.returncode == 2 and took < BOUND
    assert "cannot reach the Microsoft identity platform" in one_line(result)


def test_azure_resource_manager_that_never_answers_ends_the_listing(azure_api, tmp_path):
    with BlackHole() as hole:
        arm = f"https://127.0.0.1:{hole.port}"
        result, took = timed("scan", "azure", "--arm-endpoint", arm, "--graph-endpoint", azure_api.url,
                             "--authority-host", azure_api.url, "--json", str(tmp_path / "f.json"),
                             env=azure_api.env())
    assert result.returncode == 1 and took < BOUND, result.stderr   # the tenant's findings (Graph answers) fail
    report = json.loads((tmp_path / "f.json").read_text())
    assert not report["summary"]["complete"]
    assert [e["scope"] for e in report["collection_errors"]] == ["Microsoft.Resources/subscriptions list"]


def test_the_scan_session_reads_proxy_settings_once_per_host_and_as_requests_does(monkeypatch):
    import requests

    from srmscan.providers import http_adapter

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    session, plain = http_adapter.ScanSession(), requests.Session()
    for url in ("https://management.azure.com/subscriptions", "https://vault.internal.example/keys"):
        assert session.merge_environment_settings(url, {}, False, True, None) == \
            plain.merge_environment_settings(url, {}, False, True, None)
    calls = []
    monkeypatch.setattr(requests.Session, "merge_environment_settings",
                        lambda self, *args: calls.append(args) or {"proxies": {}, "stream": False, "verify": True,
                                                                   "cert": None})
    for path in ("a", "b", "c"):   # the same host: answered from what was read the first time
        session.merge_environment_settings(f"https://management.azure.com/{path}", {}, False, True, None)
    assert calls == []
    session.merge_environment_settings("https://graph.microsoft.com/v1.0", {}, False, True, None)
    assert len(calls) == 1
