"""When a Google Cloud read is tried again: Google's retry strategy for its APIs (HTTP 408, 429 and 5xx answers,
and connections that broke or timed out), with exponential backoff and jitter, at most two minutes for one read.
No single wait is over 10 s, so that a wait begun inside a host's first-contact window
(srmscan.providers.reachability) does not outlast it by much. Built on google-api-core alone, so a scan that
reads no bucket never imports google-cloud-storage."""

from __future__ import annotations

import http.client

import google.api_core.exceptions as api_errors
import requests
import urllib3
from google.api_core.retry import Retry
from google.auth.exceptions import TransportError

TRANSIENT_STATUS = (408, 429, 500, 502, 503, 504)
BROKEN_CONNECTIONS = (ConnectionError, requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                      http.client.HTTPException, urllib3.exceptions.HTTPError)


def transient(exc: BaseException) -> bool:
    if isinstance(exc, BROKEN_CONNECTIONS):
        return True
    if isinstance(exc, api_errors.GoogleAPICallError):
        return exc.code in TRANSIENT_STATUS
    if isinstance(exc, TransportError) and exc.args and isinstance(exc.args[0], BaseException):
        return transient(exc.args[0])   # google-auth wraps the connection error it met
    return False


RETRY = Retry(predicate=transient, initial=1.0, maximum=10.0, multiplier=2.0, timeout=120.0)
