"""The ACTIVE projects under an organisation or folder, at any depth, from Cloud Resource Manager v3
(GET projects.list and folders.list, which return direct children only, walked level by level), through
the same GET-only session as the Cloud Storage reads and google-api-core's retry.

The top listing failing is one clear error (nothing could be chosen); a sub-folder that cannot be
listed is a collection error of the scan, which goes on with the rest and is then incomplete.
"""

from __future__ import annotations

from typing import Any

import google.api_core.exceptions as api_errors

from srmscan.errors import SrmscanError
from srmscan.model import Snapshot

RESOURCE_MANAGER = "https://cloudresourcemanager.googleapis.com"
PAGE_SIZE = 1000
ACTIVE = "ACTIVE"


def projects_under(session, endpoint: str, parents: list[str], snapshot: Snapshot, retry, error_of) -> list[str]:
    """Project ids under each parent (`organizations/ID` or `folders/ID`)."""
    projects: set[str] = set()
    for top in parents:
        frontier, seen = [top], set()
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            try:
                projects.update(p["projectId"] for p in _children(session, endpoint, "projects", node, retry)
                                if p.get("state", ACTIVE) == ACTIVE and p.get("projectId"))
                frontier += [f["name"] for f in _children(session, endpoint, "folders", node, retry)
                             if f.get("state", ACTIVE) == ACTIVE and f.get("name")]
            except (api_errors.GoogleAPIError, OSError) as exc:
                error = error_of(exc)
                if node == top:
                    reason = " ".join(error.message.split())[:200]   # one line, whatever the server said
                    raise SrmscanError(f"cannot list the projects under {top} ({error.code}: {reason}); check the "
                                       "id and grant the identity resourcemanager.projects.list and "
                                       "resourcemanager.folders.list on it (Browser role)") from None
                snapshot.record_error(f"resourcemanager projects and folders under {node}", error)
    return sorted(projects)


def _children(session, endpoint: str, kind: str, parent: str, retry) -> list[dict[str, Any]]:
    items, token = [], None
    while True:
        params = {"parent": parent, "pageSize": PAGE_SIZE, **({"pageToken": token} if token else {})}
        page = retry(_get_json)(session, f"{endpoint.rstrip('/')}/v3/{kind}", params)
        items += page.get(kind, [])
        token = page.get("nextPageToken")
        if not token:
            return items


def _get_json(session, url: str, params: dict[str, Any]) -> dict[str, Any]:
    response = session.get(url, params=params, timeout=60)
    if response.status_code >= 400:
        raise api_errors.from_http_response(response)
    return response.json()
