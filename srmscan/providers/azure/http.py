"""azure-core plumbing: credential, a GET-only transport, and a small JSON reader for ARM and Graph."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from azure.core import PipelineClient
from azure.core.exceptions import (ClientAuthenticationError, HttpResponseError, ServiceRequestError,
                                   ServiceResponseError)
from azure.core.pipeline.policies import (BearerTokenCredentialPolicy, HeadersPolicy, RetryPolicy,
                                          UserAgentPolicy)
from azure.core.pipeline.transport import RequestsTransport
from azure.core.rest import HttpRequest

from srmscan import __version__
from srmscan.errors import SrmscanError
from srmscan.model import ReadError
from srmscan.providers.http_adapter import Unreachable, scan_session
from srmscan.providers.reachability import Reachability

READ_METHODS = ("GET", "HEAD")
# POSTs that only read, allowed by exact path: Azure Resource Graph queries (Resources - Resources, a KQL query)
READ_POSTS = ("/providers/Microsoft.ResourceGraph/resources",)
USER_AGENT = f"srmscan/{__version__}"


class WriteRefused(RuntimeError):
    """srmscan never changes a scanned subscription or tenant: a non-read request is stopped before it is sent."""


class ReadOnlyTransport(RequestsTransport):
    """The last step of every ARM and Graph pipeline srmscan builds: only GET and HEAD leave the machine, and a
    POST to a path of READ_POSTS (a Resource Graph query, which only reads). (Token requests go through the
    credential's own pipeline, not this one.)"""

    def send(self, request, **kwargs):
        method, path = request.method.upper(), urlsplit(request.url).path
        if method not in READ_METHODS and not (method == "POST" and path in READ_POSTS):
            raise WriteRefused(f"srmscan is read-only: refused {method} {request.url.split('?')[0]}")
        return super().send(request, **kwargs)


def make_credential(authority: str, tenant: str | None, reachability: Reachability | None = None):
    """DefaultAzureCredential; with `reachability`, its token requests follow the scan's first-contact rule."""
    from azure.identity import DefaultAzureCredential

    options: dict[str, Any] = {"authority": authority}
    if reachability is not None:
        options["transport"] = read_only_transport(2, reachability, token_requests=True)
        options["retry_policy_class"] = _Retries
    if tenant:
        options["additionally_allowed_tenants"] = [tenant]
    if not authority.endswith(("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn")):
        options["disable_instance_discovery"] = True  # a private or test authority has no instance metadata
    try:
        return DefaultAzureCredential(**options)
    except ValueError as exc:  # e.g. AZURE_CLIENT_ID set but empty
        raise credential_problem(exc) from None


def error_of(exc: Exception) -> ReadError:
    if isinstance(exc, HttpResponseError):
        code = getattr(getattr(exc, "error", None), "code", None) or str(exc.status_code or type(exc).__name__)
        message = getattr(getattr(exc, "error", None), "message", None) or exc.message or str(exc)
        return ReadError(str(code), str(message).splitlines()[0])
    return ReadError(type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")


UNREACHED = ("did not answer within", "Failed to establish a new connection", "Connection refused", "timed out",
             "Name or service not known", "No route to host")


def credential_problem(exc: Exception) -> SrmscanError:
    lines = str(exc).splitlines()
    unreached = next((line.strip() for line in lines if any(sign in line for sign in UNREACHED)), None)
    if unreached:   # a credential was there, but the identity platform could not be reached
        return SrmscanError(f"cannot reach the Microsoft identity platform to get a token ({unreached[:200]}); "
                            "check the network, a proxy or --authority-host / --cloud")
    first = lines[0] if lines else type(exc).__name__
    return SrmscanError(f"no usable Azure credentials ({first[:160]}): sign in with `az login`, or set "
                        "AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_TENANT_ID")


# Retries on 408/429/5xx and dropped connections (azure-core's policy: exponential backoff, Retry-After
# honoured), with enough attempts to ride out sustained throttling: 30% of requests failing loses a
# read with probability 0.35^10.
RETRY_TOTAL = 9
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 20


class _Retries(RetryPolicy):
    """azure-core's policy, except for a host past its first-contact window (srmscan.providers.reachability):
    trying it again would only wait."""

    def increment(self, settings, response=None, error=None):
        if error is not None and isinstance(getattr(error, "inner_exception", None), Unreachable):
            return False
        return super().increment(settings, response=response, error=error)


def retry_policy() -> RetryPolicy:
    # azure-core also caps connection, read and status retries separately (3 each by default).
    return _Retries(retry_total=RETRY_TOTAL, retry_connect=RETRY_TOTAL, retry_read=RETRY_TOTAL,
                    retry_status=RETRY_TOTAL, retry_backoff_factor=BACKOFF_FACTOR, retry_backoff_max=BACKOFF_MAX)


AUTH_ERRORS = (ClientAuthenticationError,)
READ_FAILURES = (HttpResponseError, ServiceRequestError, ServiceResponseError)   # answered badly; not sent; no answer


class JsonReader:
    """GET JSON from one API (ARM or Graph) with bearer tokens, retries (honouring Retry-After) and paging."""

    def __init__(self, endpoint: str, credential, scope: str, pool_size: int, reachability: Reachability):
        transport = read_only_transport(pool_size, reachability)
        self.endpoint = endpoint
        self._once: dict[str, Any] = {}
        self._once_lock = threading.Lock()
        self._client = PipelineClient(base_url=endpoint, transport=transport, policies=[
            HeadersPolicy(), UserAgentPolicy(base_user_agent=USER_AGENT), retry_policy(),
            BearerTokenCredentialPolicy(credential, scope),
        ])

    def get(self, path_or_url: str) -> dict[str, Any]:
        url = path_or_url if path_or_url.startswith("http") else self.endpoint + path_or_url
        response = self._client.send_request(HttpRequest("GET", url))
        if response.status_code >= 400:
            raise HttpResponseError(response=response)
        return response.json()

    def once(self, key: str, read) -> Any:
        """`read()` once per scan for `key`, however many items ask (a region's Kubernetes versions, App Service's
        runtime stacks): the first asker reads, the others wait for its answer (or its failure)."""
        with self._once_lock:
            entry = self._once.get(key)
            mine = entry is None
            if mine:
                entry = self._once[key] = [threading.Event(), None, None]
        if mine:
            try:
                entry[1] = read()
            except Exception as exc:   # every asker gets the same failure
                entry[2] = exc
            finally:
                entry[0].set()
        entry[0].wait()
        if entry[2] is not None:
            raise entry[2]
        return entry[1]

    def query(self, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        """Every row of a Resource Graph query (POST `path`, a READ_POSTS one), following `$skipToken`."""
        rows: list[dict[str, Any]] = []
        options = dict(body.get("options") or {})
        while True:
            request = HttpRequest("POST", self.endpoint + path, json={**body, "options": options})
            response = self._client.send_request(request)
            if response.status_code >= 400:
                raise HttpResponseError(response=response)
            page = response.json()
            rows.extend(page.get("data") or [])
            if not page.get("$skipToken"):
                return rows
            options["$skipToken"] = page["$skipToken"]

    def get_all(self, path: str, next_key: str) -> list[dict[str, Any]]:
        """Every item of a paged collection, following `nextLink` (ARM) or `@odata.nextLink` (Graph)."""
        items, url = [], path
        while url:
            page = self.get(url)
            items.extend(page.get("value", []))
            url = page.get(next_key)
        return items


def read_only_transport(pool_size: int, reachability: Reachability, token_requests: bool = False) -> RequestsTransport:
    """A GET-only transport whose connection pool fits the number of concurrent reads (the credential's
    token requests, POSTs to the identity platform, go through a plain one with the same pool rules)."""
    session = scan_session(reachability, pool_size)
    return (RequestsTransport if token_requests else ReadOnlyTransport)(session=session, session_owner=True)
