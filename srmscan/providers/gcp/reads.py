"""What srmscan reads from Google Cloud besides Cloud Storage: the declarations of every service module of
srmscan.providers.gcp.services (the vocabulary is srmscan.providers.gcp.declare), put together. The project's
own settings (`gcp.account`) are each service's PROJECT_READS; its LISTINGS find the other resources.

Every read is a GET of a Google REST API (or Resource Manager's getIamPolicy, a POST that reads), walked by
srmscan.providers.gcp.foundations. Keys and permissions follow from the declarations.
"""

from __future__ import annotations

import importlib

from srmscan.providers.gcp.declare import INHERITED, PROJECT_TYPE, READ_AT, ApiRead, GcpListing
from srmscan.providers.gcp.target import FOUNDATION_SERVICES, SERVICES

# Google's endpoints; --api-endpoint sends every one of them to one base URL (a proxy, a test server).
API_BASES = {
    "compute": "https://compute.googleapis.com",
    "iam": "https://iam.googleapis.com",
    "resourcemanager": "https://cloudresourcemanager.googleapis.com",
    "logging": "https://logging.googleapis.com",
    "monitoring": "https://monitoring.googleapis.com",
    "sqladmin": "https://sqladmin.googleapis.com",
    "cloudkms": "https://cloudkms.googleapis.com",
    "dns": "https://dns.googleapis.com",
    "apikeys": "https://apikeys.googleapis.com",
    "serviceusage": "https://serviceusage.googleapis.com",
    "bigquery": "https://bigquery.googleapis.com",
}

# What the project inherits: its folders and organisation, their IAM policies (audit configs) and sinks
# (srmscan.providers.gcp.inheritance).
INHERITED_PERMISSIONS = ("resourcemanager.projects.get", "resourcemanager.folders.get",
                         "resourcemanager.folders.getIamPolicy", "resourcemanager.organizations.getIamPolicy",
                         "logging.sinks.list")

_MODULES = {name: importlib.import_module(f"srmscan.providers.gcp.services.{name}") for name in FOUNDATION_SERVICES}
# The project resource: config key -> (service that turns it on, read)
PROJECT_READS: dict[str, tuple[str, ApiRead]] = {key: (name, read) for name, module in _MODULES.items()
                                                 for key, read in module.PROJECT_READS.items()}
LISTINGS: tuple[GcpListing, ...] = tuple(kind for module in _MODULES.values() for kind in module.LISTINGS)


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    """The types the foundations reads produce for these services, with the config keys recorded on each."""
    types = {kind.type: frozenset(kind.keys) for kind in LISTINGS if kind.service in services}
    project_keys = frozenset(key for key, (service, _) in PROJECT_READS.items() if service in services)
    extra = {READ_AT} | ({INHERITED} if {"iam", "logging"} & set(services) else set())
    return {**types, **({PROJECT_TYPE: project_keys | extra} if types or project_keys else {})}


def permissions() -> list[str]:
    return sorted({p for kind in LISTINGS for p in kind.permissions}
                  | {p for _, read in PROJECT_READS.values() for p in read.permissions} | set(INHERITED_PERMISSIONS))
