"""The connection pool of the requests-based clients (Google REST and Cloud Storage, ARM and Graph), with
the first-contact rule of srmscan.providers.reachability applied to every request."""

from __future__ import annotations

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


def mount(session: requests.Session, reachability: Reachability, pool_size: int) -> requests.Session:
    adapter = FirstContactAdapter(reachability, pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
