"""First contact: an endpoint that has never answered is not given the patience of one that has.

Retries exist to ride out throttling and transient failures of a service that works. An endpoint that
cannot be reached (a wrong --endpoint-url, no route, a firewall that drops packets) or that accepts
connections and never answers would otherwise cost every attempt of every read its full timeout: minutes
before the one-line error. So, per host, for the whole scan:

- until the host has answered once (any HTTP answer, an error status included), its requests use
  FIRST_CONTACT_TIMEOUT and its connection failures are retried only within FIRST_CONTACT_SECONDS of its
  first request; after that window, requests to it fail at once without being sent;
- once it has answered, its requests keep the provider's full retry policy and timeouts.

Worst case for an endpoint that never answers: one read timeout past the window, under 60 seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

FIRST_CONTACT_SECONDS = 25.0          # from a host's first request, while it has never answered
FIRST_CONTACT_TIMEOUT = (10.0, 20.0)  # (connect, read) seconds for requests to a host that has not answered


class Reachability:
    """Which hosts have answered in this scan, and since when the others have been tried."""

    def __init__(self, window: float = FIRST_CONTACT_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.window = window
        self._clock = clock
        self._first_try: dict[str, float] = {}
        self._answered: set[str] = set()
        self._lock = threading.Lock()

    def trying(self, host: str) -> None:
        with self._lock:
            self._first_try.setdefault(host, self._clock())

    def answered(self, host: str) -> None:
        with self._lock:
            self._answered.add(host)

    def confirmed(self, host: str) -> bool:
        return host in self._answered

    def may_retry(self, host: str) -> bool:
        """Is a failed connection to `host` worth another attempt (it answered before, or its first-contact
        window is still open)?"""
        return self.left(host) > 0

    def left(self, host: str) -> float:
        """Seconds left of `host`'s first-contact window (infinite once it has answered): no wait before
        a retry may be longer."""
        with self._lock:
            if host in self._answered:
                return float("inf")
            first = self._first_try.get(host)
            return self.window if first is None else self.window - (self._clock() - first)

    def given_up(self, host: str) -> bool:
        """Never answered, and its window is over: fail requests to it without sending them."""
        return not self.may_retry(host)

    def why(self, host: str) -> str:
        return (f"{host} did not answer within {self.window:.0f} s of the first request to it "
                "(unreachable, or not answering); check the network, a proxy or the endpoint option")
