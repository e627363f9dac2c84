"""The connection pool of the requests-based clients (Google REST and Cloud Storage, ARM and Graph), with
the first-contact rule of srmscan.providers.reachability applied to every request."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from srmscan.providers.reachability import FIRST_CONTACT_TIMEOUT, Reachability


class Unreachable(requests.RequestException):
    """A host that never answered, past its first-contact window. Not a ConnectionError or Timeout, so
    google-api-core does not retry it; Azure's retry policy is told not to (srmscan.providers.azure.http)."""


class FirstContactAdapter(HTTPAdapter):
    def __init__(self, reachability: Reachability, pool_size: int):
        super().__init__(pool_connections=pool_size, pool_maxsize=pool_size)
        self.reachability = reachability

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        host = urlsplit(request.url).netloc
        if not self.reachability.confirmed(host):
            if self.reachability.given_up(host):
                raise Unreachable(self.reachability.why(host), request=request)
            self.reachability.trying(host)
            timeout = FIRST_CONTACT_TIMEOUT
        try:
            response = super().send(request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
        except (requests.ConnectionError, requests.Timeout) as exc:
            if self.reachability.given_up(host):
                raise Unreachable(self.reachability.why(host), request=request) from exc
            raise
        self.reachability.answered(host)
        return response


class ScanSession(requests.Session):
    """A requests session that reads the proxy and CA settings of the environment once per host, not once per
    request: requests otherwise walks the whole environment (getproxies, NO_PROXY) for every request it sends,
    about a millisecond of CPU each. The environment does not change during a scan."""

    def __init__(self):
        super().__init__()
        self._settings: dict[tuple, dict] = {}
        self._settings_lock = threading.Lock()

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, tuple(sorted((proxies or {}).items())), stream, verify, cert)
        with self._settings_lock:
            found = self._settings.get(key)
        if found is None:
            found = super().merge_environment_settings(url, proxies, stream, verify, cert)
            with self._settings_lock:
                self._settings[key] = found
        return dict(found)


def mount(session: requests.Session, reachability: Reachability, pool_size: int) -> requests.Session:
    adapter = FirstContactAdapter(reachability, pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def scan_session(reachability: Reachability, pool_size: int) -> ScanSession:
    """A ScanSession with the first-contact adapter mounted."""
    session = ScanSession()
    mount(session, reachability, pool_size)
    return session
