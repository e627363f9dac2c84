"""What srmscan reads from Google Cloud: the declarations of every service module of
srmscan.providers.gcp.services (in the vocabulary of srmscan.providers.declare), put together. The project's
own settings (`gcp.account`) are each service's SCOPE_READS; its TYPES find the other resources.

Every read is a GET of a Google REST API (or Resource Manager's getIamPolicy, a POST that reads), or, for
Cloud Storage, a google-cloud-storage operation, walked by srmscan.providers.gcp.foundations. Keys and
permissions follow from the declarations.
"""

from __future__ import annotations

from srmscan.providers.declare import Catalogue
from srmscan.providers.gcp.declare import INHERITED, PROJECT_TYPE, READ_AT
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
    "container": "https://container.googleapis.com",
    "essentialcontacts": "https://essentialcontacts.googleapis.com",
    "pubsub": "https://pubsub.googleapis.com",
    "secretmanager": "https://secretmanager.googleapis.com",
    "orgpolicy": "https://orgpolicy.googleapis.com",
    "run": "https://run.googleapis.com",
    "cloudfunctions": "https://cloudfunctions.googleapis.com",
    "artifactregistry": "https://artifactregistry.googleapis.com",
    "dataproc": "https://dataproc.googleapis.com",
    "dlp": "https://dlp.googleapis.com",
    "accesscontextmanager": "https://accesscontextmanager.googleapis.com",
}

# What the project inherits: its folders and organisation, their IAM policies (audit configs) and sinks
# (srmscan.providers.gcp.inheritance).
INHERITED_PERMISSIONS = ("resourcemanager.projects.get", "resourcemanager.folders.get", "resourcemanager.organizations.get",
                         "resourcemanager.folders.getIamPolicy", "resourcemanager.organizations.getIamPolicy",
                         "logging.sinks.list")

CATALOGUE = Catalogue(
    "srmscan.providers.gcp.services", SERVICES,
    other_permissions=INHERITED_PERMISSIONS
    # --organization / --folder: walking the hierarchy (the Browser role)
    + ("resourcemanager.projects.list", "resourcemanager.folders.list"))


def project_resource(services: tuple[str, ...]) -> bool:
    return bool(set(services) & set(FOUNDATION_SERVICES))


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    """The types these services produce, with the config keys recorded on each."""
    types = CATALOGUE.resource_types(services)
    if project_resource(services):
        extra = {READ_AT} | ({INHERITED} if {"iam", "logging"} & set(services) else set())
        types[PROJECT_TYPE] = types.get(PROJECT_TYPE, frozenset()) | extra
    return types


def permissions() -> list[str]:
    return CATALOGUE.permissions()
