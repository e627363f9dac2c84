"""srmscan's own retry policy for AWS reads: finish the job under sustained throttling.

botocore's standard and adaptive modes share a retry quota per client: under sustained throttling the
quota empties and later reads fail at once (a scan loses a third of its answers), and the adaptive
mode's client-side rate limiter collapses throughput. This policy keeps botocore's retries at one
attempt and decides itself, per request, on the `needs-retry` event of srmscan's clients:

- retried: throttling codes, 5xx, 408/429, timeouts and dropped connections;
- never retried: every other 4xx (AccessDenied, NoSuch*, validation errors);
- delay: exponential backoff with full jitter, at least the server's Retry-After, capped;
- bounded: `max_attempts` per request, and no new retry once the scan's retry budget is spent;
- first contact (srmscan.providers.reachability): an endpoint that has never answered gets its
  connection failures retried only within its first-contact window, then fails at once.
"""

from __future__ import annotations

import random
import threading
import time
from urllib.parse import urlsplit

import botocore.exceptions
import botocore.parsers

from srmscan.providers.reachability import Reachability

THROTTLING_CODES = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
    "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException"})
TRANSIENT_CODES = frozenset({
    "InternalError", "InternalFailure", "InternalServerError", "InternalServerErrorException", "ServiceUnavailable",
    "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
    "ServiceFailure", "ServerException"})
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Dropped or timed-out connections, and answers that are not the service's (an HTML or plain-text error
# page from a load balancer or proxy in front of it).
CONNECTION_ERRORS = (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError,
                     botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectTimeoutError,
                     botocore.parsers.ResponseParserError)
BASE_DELAY = 0.25      # seconds; the first retry waits up to this
MAX_DELAY = 20.0       # seconds; no single wait is longer (Retry-After included)
DEFAULT_MAX_ATTEMPTS = 10
DEFAULT_BUDGET = 1800.0  # seconds of the scan during which retries are still made


def transient(code: str | None) -> bool:
    """Is this error code (as srmscan records it) worth another try later?"""
    return code in THROTTLING_CODES or code in TRANSIENT_CODES or code in {
        "ConnectionClosedError", "EndpointConnectionError", "ReadTimeoutError", "ConnectTimeoutError",
        "ConnectionError", "HTTPClientError", "ProxyConnectionError", "ResponseParserError", "TooManyRequests",
        "429", "500", "502", "503", "504"}


class RetryPolicy:
    def __init__(self, max_attempts: int = DEFAULT_MAX_ATTEMPTS, budget_seconds: float = DEFAULT_BUDGET):
        self.max_attempts = max_attempts
        self.deadline = time.monotonic() + budget_seconds
        self.retries = 0
        self.reachability = Reachability()
        self._lock = threading.Lock()

    def __call__(self, attempts: int, response=None, caught_exception=None, request_dict=None,
                 **_kwargs) -> float | None:
        host = urlsplit((request_dict or {}).get("url") or "").netloc
        if response is not None:
            self.reachability.answered(host)
        if not self.may_retry(attempts):
            return None
        retry_after = 0.0
        if caught_exception is not None:
            if not isinstance(caught_exception, CONNECTION_ERRORS) or not self.reachability.may_retry(host):
                return None
        elif response is not None:
            http, parsed = response
            code = str((parsed or {}).get("Error", {}).get("Code") or "")
            if not (code in THROTTLING_CODES or code in TRANSIENT_CODES or http.status_code in RETRYABLE_STATUS):
                return None
            retry_after = _retry_after(http.headers.get("Retry-After"))
        else:
            return None
        self.count_retry()
        return min(MAX_DELAY, max(backoff(attempts), retry_after), self.reachability.left(host))

    def count_retry(self) -> None:
        with self._lock:
            self.retries += 1

    def may_retry(self, attempts: int) -> bool:
        return attempts < self.max_attempts and time.monotonic() < self.deadline


def backoff(attempts: int) -> float:
    """Full jitter: anywhere between 0 and the exponential step, capped."""
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempts - 1)))


def _retry_after(value) -> float:
    try:
        return max(0.0, float(value)) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0.0


def attach(client, policy: RetryPolicy) -> None:
    """Make `policy` decide retries for every request of `client` (before botocore's own handler), and
    stop requests to an endpoint that never answered once its first-contact window is over."""
    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(f"needs-retry.{service}", policy, unique_id=f"srmscan-retry-{service}")
    client.meta.events.register_first(f"before-send.{service}", _first_contact(policy.reachability),
                                      unique_id=f"srmscan-first-contact-{service}")


class EndpointUnreachable(botocore.exceptions.EndpointConnectionError):
    """A request not sent: its host never answered within its first-contact window."""

    fmt = "{reason}"


def _first_contact(reachability: Reachability):
    def before_send(request, **_kwargs) -> None:
        host = urlsplit(request.url).netloc
        if reachability.given_up(host):
            raise EndpointUnreachable(endpoint_url=request.url, reason=reachability.why(host))
        reachability.trying(host)

    return before_send


def through_garbled_answers(policy: RetryPolicy, action):
    """Run `action()`, again on answers botocore cannot parse (an HTML or text error page from something in
    front of the service): botocore raises those before its retry hook, so this loop gives them the
    policy's attempts and backoff."""
    attempt = 1
    while True:
        try:
            return action()
        except botocore.parsers.ResponseParserError:
            if not policy.may_retry(attempt):
                raise
            policy.count_retry()
            time.sleep(backoff(attempt))
            attempt += 1
