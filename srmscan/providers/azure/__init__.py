"""Azure: storage accounts and containers (ARM, azure-mgmt-storage) and Entra ID / Microsoft 365 tenant
settings (Microsoft Graph v1.0), with azure-identity's DefaultAzureCredential."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from srmscan.providers.azure.target import CLOUDS, AzureTarget, Cloud

TITLE = "Azure subscriptions and the Entra ID / Microsoft 365 tenant with DefaultAzureCredential"   # what is read, for --help ("Scan ..." / "Collect ...")
DEFAULT_WORKERS = 16


def options(
    subscription: Annotated[Optional[list[str]], typer.Option(help="Subscription id to scan; repeatable (default: every subscription the identity can see).")] = None,
    management_group: Annotated[Optional[str], typer.Option(help="Scan every subscription under this management group (its descendants, at any depth); with --subscription, only those of them.")] = None,
    tenant: Annotated[Optional[str], typer.Option(help="Entra tenant id (default: AZURE_TENANT_ID, else the subscriptions' tenant).")] = None,
    cloud: Annotated[str, typer.Option(help=f"Azure cloud: {', '.join(CLOUDS)}.")] = "public",
    arm_endpoint: Annotated[Optional[str], typer.Option(help="Resource Manager endpoint (overrides --cloud).")] = None,
    graph_endpoint: Annotated[Optional[str], typer.Option(help="Microsoft Graph endpoint (overrides --cloud).")] = None,
    authority_host: Annotated[Optional[str], typer.Option(help="Entra authority host for tokens (overrides --cloud; AZURE_AUTHORITY_HOST works too).")] = None,
    entra: Annotated[bool, typer.Option("--entra/--no-entra", help="Also read Entra ID and Microsoft 365 tenant settings (Microsoft Graph).")] = True,
    purview: Annotated[bool, typer.Option("--purview/--no-purview", help="Also read Microsoft 365 DLP policies and sensitivity labels (Security & Compliance PowerShell's REST endpoint; needs Exchange.ManageAsApp and a Purview role, see the README). Needs --entra.")] = False,
    compliance_endpoint: Annotated[Optional[str], typer.Option(help="Security & Compliance PowerShell endpoint (overrides --cloud).")] = None,
    max_workers: Annotated[int, typer.Option(min=1, max=256, help="Concurrent API reads.")] = DEFAULT_WORKERS,
) -> AzureTarget:
    from srmscan.errors import SrmscanError

    if cloud not in CLOUDS:
        raise SrmscanError(f"unknown --cloud {cloud!r}; choose one of: {', '.join(CLOUDS)}")
    base = CLOUDS[cloud]
    chosen = Cloud(
        arm=(arm_endpoint or base.arm).rstrip("/"),
        graph=(graph_endpoint or base.graph).rstrip("/"),
        authority=(authority_host or os.environ.get("AZURE_AUTHORITY_HOST") or base.authority).rstrip("/"),
        arm_scope=base.arm_scope,
        graph_scope=base.graph_scope,
        keyvault_scope=base.keyvault_scope,
        compliance=(compliance_endpoint or base.compliance or "").rstrip("/") or None,
        compliance_scope=base.compliance_scope or (f"{compliance_endpoint.rstrip('/')}/.default"
                                                   if compliance_endpoint else None),
    )
    if purview and not entra:
        raise SrmscanError("--purview reads the tenant's Microsoft 365 settings: drop --no-entra, or --purview")
    if purview and chosen.compliance is None:
        raise SrmscanError(f"--purview: srmscan does not know the Security & Compliance endpoint of the {cloud} cloud; "
                           "give it with --compliance-endpoint")
    return AzureTarget(tuple(subscription or ()), tenant or os.environ.get("AZURE_TENANT_ID") or None, chosen, entra,
                       max_workers, management_group, purview=purview)


def collect(target: AzureTarget, progress):
    from srmscan.providers.azure.collector import collect_azure

    return collect_azure(target, progress)


def permissions() -> list[str]:
    from srmscan.providers.azure.reads import permissions as azure_permissions

    return azure_permissions()


def permissions_for(resource_type: str, reads: tuple[str, ...]) -> list[str]:
    """What one check needs: listing its resource type and reading the keys it reads."""
    from srmscan.providers.azure.reads import permissions_for as azure_permissions_for

    return azure_permissions_for(resource_type, reads)


PERMISSIONS_FORMAT = "role-definition"   # `srmscan permissions azure --format role-definition`: a ready document (srmscan.providers.azure.policy)


def permissions_document(fmt: str) -> str | None:
    """The permissions as the document `fmt` names, or None when this cloud has no such document."""
    from srmscan.providers.azure import policy

    return policy.document(permissions()) if fmt == PERMISSIONS_FORMAT else None


def resource_types() -> dict[str, frozenset[str]]:
    from srmscan.providers.azure.reads import resource_types as azure_types

    return azure_types()
