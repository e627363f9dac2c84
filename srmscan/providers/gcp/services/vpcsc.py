"""VPC Service Controls (Access Context Manager v1): the service perimeters of the organisation above the project
that include it, enforced or in dry run, with the services each restricts. The organisation's access policies and
their perimeters are read once per scan, however many projects sit below it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srmscan.providers.declare import Read
from srmscan.providers.gcp.declare import PROJECT_TYPE, Google

POLICIES = Google("accesscontextmanager", "/v1/accessPolicies", "accessPolicies")
PERIMETERS = Google("accesscontextmanager", "/v1/{name}/servicePerimeters", "servicePerimeters")


def _configuration(part: dict[str, Any] | None) -> dict[str, Any] | None:
    if part is None:
        return None
    return {"resources": sorted(part.get("resources") or []), "restricted": sorted(part.get("restrictedServices") or [])}


@dataclass(frozen=True)
class ProjectPerimeters:
    """The perimeters that name the project (projects/NUMBER) in their enforced status or dry-run spec: each one's
    title, type, whether the project is in it enforced or in dry run, and the services it restricts when enforced."""

    def run(self, apis: Any, project: str, **_names: str) -> dict[str, Any]:
        number, organization = apis.ancestry.organization(project)
        if organization is None:
            return {"organization": None, "perimeters": []}
        member = f"projects/{number}"
        found = []
        for perimeter in _organization_perimeters(apis, organization):
            enforced, dry_run = (member in (perimeter[part] or {}).get("resources", []) for part in ("enforced", "dry_run"))
            if enforced or dry_run:
                found.append({"title": perimeter["title"], "type": perimeter["type"], "enforced": enforced,
                              "dry_run": dry_run, "restricted": (perimeter["enforced"] or {}).get("restricted", [])})
        return {"organization": organization, "perimeters": found}


def _organization_perimeters(apis: Any, organization: str) -> list[dict[str, Any]]:
    """Every perimeter of every access policy of the organisation (its own and scoped ones), once per scan."""
    def read():
        policies = Google(POLICIES.api, POLICIES.path, POLICIES.items, params={"parent": organization}).run(apis)
        return [_perimeter(p) for policy in policies for p in PERIMETERS.run(apis, name=policy["name"])]
    return apis.ancestry.once(("perimeters", organization), read)


def _perimeter(perimeter: dict[str, Any]) -> dict[str, Any]:
    """A ServicePerimeter: its type, enforced configuration (status) and dry-run configuration (spec, when
    useExplicitDryRunSpec)."""
    return {"name": perimeter.get("name"), "title": perimeter.get("title") or perimeter.get("name"),
            "type": perimeter.get("perimeterType") or "PERIMETER_TYPE_REGULAR",
            "enforced": _configuration(perimeter.get("status")),
            "dry_run": _configuration(perimeter.get("spec")) if perimeter.get("useExplicitDryRunSpec") else None}


SCOPE_READS = {PROJECT_TYPE: (
    Read("service_perimeters", ProjectPerimeters(), ("resourcemanager.projects.get", "resourcemanager.folders.get",
                                                     "accesscontextmanager.policies.list",
                                                     "accesscontextmanager.servicePerimeters.list")),)}
TYPES = ()
