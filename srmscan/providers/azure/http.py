"""azure-core plumbing: credential, a GET-only transport, and a small JSON reader for ARM and Graph."""

from __future__ import annotations

from typing import Any

from azure.core import PipelineClient
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ServiceRequestError
from azure.core.pipeline.policies import (BearerTokenCredentialPolicy, HeadersPolicy, RetryPolicy,
                                          UserAgentPolicy)
from azure.core.pipeline.transport import RequestsTransport
from azure.core.rest import HttpRequest

from srmscan import __version__
from srmscan.errors import SrmscanError
from srmscan.model import ReadError

READ_METHODS = ("GET", "HEAD")
USER_AGENT = f"srmscan/{__version__}"


class WriteRefused(RuntimeError):
    """srmscan never changes a scanned subscription or tenant: a non-read request is stopped before it is sent."""


class ReadOnlyTransport(RequestsTransport):
    """The last step of every ARM and Graph pipeline srmscan builds: only GET and HEAD leave the machine.
    (Token requests go through the credential's own pipeline, not this one.)"""

    def send(self, request, **kwargs):
        if request.method.upper() not in READ_METHODS:
            raise WriteRefused(f"srmscan is read-only: refused {request.method.upper()} {request.url.split('?')[0]}")
        return super().send(request, **kwargs)


def make_credential(authority: str, tenant: str | None):
    from azure.identity import DefaultAzureCredential

    options: dict[str, Any] = {"authority": authority}
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


def credential_problem(exc: Exception) -> SrmscanError:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return SrmscanError(f"no usable Azure credentials ({first[:160]}): sign in with `az login`, or set "
                        "AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_TENANT_ID")


# Retries on 408/429/5xx and dropped connections (azure-core's policy: exponential backoff, Retry-After
# honoured), with enough attempts to ride out sustained throttling: 30% of requests failing loses a
# read with probability 0.35^10.
RETRY_TOTAL = 9
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 20


def retry_policy() -> RetryPolicy:
    # azure-core also caps connection, read and status retries separately (3 each by default).
    return RetryPolicy(retry_total=RETRY_TOTAL, retry_connect=RETRY_TOTAL, retry_read=RETRY_TOTAL,
                       retry_status=RETRY_TOTAL, retry_backoff_factor=BACKOFF_FACTOR, retry_backoff_max=BACKOFF_MAX)


AUTH_ERRORS = (ClientAuthenticationError,)
READ_FAILURES = (HttpResponseError, ServiceRequestError)


class JsonReader:
    """GET JSON from one API (ARM or Graph) with bearer tokens, retries (honouring Retry-After) and paging."""

    def __init__(self, endpoint: str, credential, scope: str, pool_size: int):
        transport = read_only_transport(pool_size)
        self.endpoint = endpoint
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

    def get_all(self, path: str, next_key: str) -> list[dict[str, Any]]:
        """Every item of a paged collection, following `nextLink` (ARM) or `@odata.nextLink` (Graph)."""
        items, url = [], path
        while url:
            page = self.get(url)
            items.extend(page.get("value", []))
            url = page.get(next_key)
        return items


def read_only_transport(pool_size: int) -> ReadOnlyTransport:
    """A GET-only transport whose connection pool fits the number of concurrent reads."""
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return ReadOnlyTransport(session=session, session_owner=True)
