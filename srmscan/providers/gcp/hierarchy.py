"""The ACTIVE projects under an organisation or folder, at any depth, from Cloud Resource Manager v3
(GET projects.list and folders.list, which return direct children only, walked level by level), through
the read-only session and google-api-core's retry (srmscan.providers.gcp.rest).

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


def projects_under(reader, endpoint: str, parents: list[str], snapshot: Snapshot, error_of) -> list[str]:
    """Project ids under each parent (`organizations/ID` or `folders/ID`); `reader` is a RestReader."""
    projects: set[str] = set()
    for top in parents:
        frontier, seen = [top], set()
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            try:
                projects.update(p["projectId"] for p in _children(reader, endpoint, "projects", node)
                                if p.get("state", ACTIVE) == ACTIVE and p.get("projectId"))
                frontier += [f["name"] for f in _children(reader, endpoint, "folders", node)
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


def _children(reader, endpoint: str, kind: str, parent: str) -> list[dict[str, Any]]:
    return reader.get_all(f"{endpoint.rstrip('/')}/v3/{kind}", kind, {"parent": parent, "pageSize": PAGE_SIZE})
