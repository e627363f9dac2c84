"""A read-only client of Security & Compliance PowerShell's REST endpoint, the one Microsoft's own
ExchangeOnlineManagement module (v3) uses: it reads DLP policies and rules and sensitivity labels and their
policies, which Microsoft Graph does not expose.

How the endpoint is called (as the module and public clients built on it do): an app-only token for
https://ps.compliance.protection.outlook.com; a GET of `/adminapi/beta/{tenant}/EXOBanner('AutogenSession')` whose
redirect names the tenant's regional host; then cmdlets as POSTs of
`{"CmdletInput": {"CmdletName": ..., "Parameters": {}}}` to `/adminapi/beta/{tenant}/InvokeCommand` on that host,
anchored on the tenant's system mailbox, every page of `value` (`@odata.nextLink`).

Only `Get-*` cmdlets are ever sent: any other name is refused before a request is made, by this client and again
by its transport, which inspects the body of every POST."""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import urlsplit

from azure.core import PipelineClient
from azure.core.exceptions import HttpResponseError
from azure.core.pipeline.policies import BearerTokenCredentialPolicy, HeadersPolicy, UserAgentPolicy
from azure.core.rest import HttpRequest

from srmscan.providers.azure.http import (READ_METHODS, USER_AGENT, ReadOnlyTransport, WriteRefused, retry_policy)
from srmscan.providers.http_adapter import scan_session
from srmscan.providers.reachability import Reachability

READ_CMDLET = re.compile(r"Get-[A-Za-z]+")
MODULE_VERSION = "3.7.1"   # the ExchangeOnlineManagement version the endpoint is asked to serve
SYSTEM_MAILBOX = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@"


def _cmdlet_of(body: Any) -> str | None:
    try:
        text = body.decode() if isinstance(body, (bytes, bytearray)) else body
        return str(json.loads(text)["CmdletInput"]["CmdletName"])
    except (TypeError, ValueError, KeyError):
        return None


def regional_host(endpoint: str, location: str) -> str:
    """The host cmdlets go to, from the endpoint and the Location its EXOBanner request redirected to: the
    redirect's host when it lies below the endpoint's host, else its first label put below the endpoint's host
    (eur03b.example -> https://eur03b.ps.compliance.protection.outlook.com)."""
    base, redirected = urlsplit(endpoint), urlsplit(location)
    host = redirected.hostname or ""
    if not host.endswith(base.hostname or ""):
        host = f"{host.split('.')[0]}.{base.hostname}"
    port = f":{redirected.port}" if redirected.port else ""
    return f"{base.scheme}://{host}{port}"


class CmdletTransport(ReadOnlyTransport):
    """GET and HEAD, and a POST to `.../InvokeCommand` whose body names a `Get-*` cmdlet: nothing else is sent."""

    def send(self, request, **kwargs):
        method, path = request.method.upper(), urlsplit(request.url).path
        if method not in READ_METHODS:
            cmdlet = _cmdlet_of(getattr(request, "content", None) or getattr(request, "data", None))
            if not (method == "POST" and path.endswith("/InvokeCommand") and cmdlet and READ_CMDLET.fullmatch(cmdlet)):
                raise WriteRefused(f"srmscan is read-only: refused {method} {request.url.split('?')[0]} "
                                   f"(cmdlet {cmdlet or 'unreadable'})")
        return super(ReadOnlyTransport, self).send(request, **kwargs)


class ComplianceReader:
    """Get-* cmdlets of Security & Compliance PowerShell for one tenant, over its REST endpoint."""

    def __init__(self, endpoint: str, scope: str, credential, tenant: str, pool_size: int,
                 reachability: Reachability):
        self.endpoint, self.tenant, self._host = endpoint.rstrip("/"), tenant, None
        self._lock = threading.Lock()
        transport = CmdletTransport(session=scan_session(reachability, pool_size), session_owner=True)
        self._client = PipelineClient(base_url=self.endpoint, transport=transport, policies=[
            HeadersPolicy({"X-AnchorMailbox": SYSTEM_MAILBOX + tenant, "Prefer": "odata.maxpagesize=1000"}),
            UserAgentPolicy(base_user_agent=USER_AGENT), retry_policy(), BearerTokenCredentialPolicy(credential, scope)])

    def _regional_host(self) -> str:
        """The tenant's regional host: the EXOBanner request's redirect names it (a host below the endpoint's,
        or a label that is put below it), asked once."""
        with self._lock:
            if self._host is None:
                self._host = self._discover()
            return self._host

    def _discover(self) -> str:
        url = f"{self.endpoint}/adminapi/beta/{self.tenant}/EXOBanner('AutogenSession')?Version={MODULE_VERSION}"
        response = self._client.send_request(HttpRequest("GET", url))
        if response.status_code >= 400:
            raise HttpResponseError(response=response)
        location = response.headers.get("Location")
        redirected = response.status_code in (301, 302, 307, 308) and location
        return regional_host(self.endpoint, location) if redirected else self.endpoint

    def invoke(self, cmdlet: str) -> list[dict[str, Any]]:
        """Every object a Get-* cmdlet returns (no parameters), following `@odata.nextLink`."""
        if not READ_CMDLET.fullmatch(cmdlet):
            raise WriteRefused(f"srmscan is read-only: refused cmdlet {cmdlet!r} (only Get-* cmdlets are sent)")
        body = {"CmdletInput": {"CmdletName": cmdlet, "Parameters": {}}}
        url: str | None = f"{self._regional_host()}/adminapi/beta/{self.tenant}/InvokeCommand"
        found: list[dict[str, Any]] = []
        while url:
            response = self._client.send_request(HttpRequest("POST", url, json=body))
            if response.status_code >= 400:
                raise HttpResponseError(response=response)
            page = response.json()
            found.extend(page.get("value") or [])
            url = page.get("@odata.nextLink")
        return found
