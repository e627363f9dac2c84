"""GET (and getIamPolicy) reads of Google's JSON REST APIs through the read-only session: one page, or every
page of a listing (`pageToken` / `nextPageToken`), each call under google-api-core's retry (429, 5xx,
connection errors) and HTTP errors raised as google.api_core exceptions."""

from __future__ import annotations

from typing import Any

import google.api_core.exceptions as api_errors

PAGE_SIZE = 500


class RestReader:
    def __init__(self, session, retry, timeout: float = 60.0):
        self._session = session
        self._retry = retry
        self._timeout = timeout

    def get(self, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._retry(self._call)("GET", url, params or {}, None)

    def get_iam_policy(self, url: str) -> dict[str, Any]:
        """Resource Manager's POST `...:getIamPolicy`, asking for policy version 3 (conditions kept)."""
        return self._retry(self._call)("POST", url, {}, {"options": {"requestedPolicyVersion": 3}})

    def get_all(self, url: str, items: str, params: dict[str, Any] | None = None,
                page_param: str | None = "pageSize") -> list[Any]:
        """Every item of a paged listing. `items` names the list in each page; for compute's aggregated
        listings it is `aggregated:<list>` (pages map each zone or region to its own list), for Cloud Run's
        Knative listings `knative:<list>` (the next page's token is `metadata.continue`, sent as `continue`).
        `page_param` is the API's name for the page size (`pageSize`, or `maxResults` for Compute, Cloud SQL and
        DNS, `limit` for Knative)."""
        found: list[Any] = []
        token = None
        token_param = "continue" if items.startswith("knative:") else "pageToken"
        while True:
            query = {**(params or {}), **({token_param: token} if token else {})}
            if page_param:
                query.setdefault(page_param, PAGE_SIZE)
            page = self.get(url, query)
            found += _items(page, items)
            token = page.get("nextPageToken") or (page.get("metadata") or {}).get("continue")
            if not token:
                return found

    def _call(self, method: str, url: str, params: dict[str, Any], body: dict[str, Any] | None) -> dict[str, Any]:
        response = self._session.request(method, url, params=params, json=body, timeout=self._timeout)
        if response.status_code >= 400:
            raise api_errors.from_http_response(response)
        return response.json() if response.content else {}


def _items(page: dict[str, Any], items: str) -> list[Any]:
    if items.startswith("aggregated:"):
        key = items.split(":", 1)[1]
        return [item for scope in (page.get("items") or {}).values() for item in (scope or {}).get(key, [])]
    return list(page.get(items.removeprefix("knative:")) or [])
