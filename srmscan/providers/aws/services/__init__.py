"""The AWS services srmscan reads, by name: each module declares, as data, its resource kinds (listing +
reads) and the reads it adds to the account and to each region. Nothing here calls AWS.

Adding a service is adding a module and a line in SERVICES; the collector, `srmscan permissions aws` and
the resource types checks are validated against all follow from these declarations.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from srmscan.providers.aws.reads import ACCOUNT_TYPE, GLOBAL, READ_AT_KEY, REGION_TYPE, REGIONAL, Kind, Read

SERVICES = ("s3", "iam", "accessanalyzer", "cloudtrail", "monitoring", "config", "ec2", "kms", "rds", "efs",
            "securityhub")
# Calls made outside the declarations: identifying the account and finding its enabled regions.
OTHER_PERMISSIONS = ("sts:GetCallerIdentity", "ec2:DescribeRegions")


def service_module(name: str) -> ModuleType:
    return importlib.import_module(f"srmscan.providers.aws.services.{name}")


def kinds(services: tuple[str, ...] = SERVICES) -> tuple[Kind, ...]:
    """The account, the regions (with every selected service's reads on them), then the listed kinds."""
    modules = [service_module(name) for name in services]
    account = Kind(ACCOUNT_TYPE, service="", scope=GLOBAL, reads=_reads(modules, "ACCOUNT_READS"))
    region = Kind(REGION_TYPE, service="", scope=REGIONAL, reads=_reads(modules, "REGION_READS"))
    return (account, region, *(kind for module in modules for kind in module.KINDS))


def _reads(modules: list[ModuleType], table: str) -> tuple[Read, ...]:
    return tuple(read for module in modules for read in getattr(module, table))


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    """Every resource type the AWS adapter produces (reading `services`), with the config keys it
    records on it. The account and region resources also record, per listed kind, how many that scope's
    listing returned (`<kind>_listed`; a multi-region trail counts in every region that lists it)."""
    every = kinds(services)
    listed = [kind for kind in every if kind.listing is not None]
    scope_keys = {GLOBAL: {k.listed_key for k in listed if k.scope == GLOBAL},
                  REGIONAL: {k.listed_key for k in listed if k.scope == REGIONAL}}
    types = {kind.type: kind.keys for kind in every}
    types[ACCOUNT_TYPE] |= scope_keys[GLOBAL] | {READ_AT_KEY}
    types[REGION_TYPE] |= scope_keys[REGIONAL]
    if not uses_regions(every):
        del types[REGION_TYPE]
    return types


def uses_regions(selected: tuple[Kind, ...]) -> bool:
    """Does any selected kind need the region list (a regional listing, or reads on each region)?"""
    return any(kind.scope == REGIONAL and (kind.listing is not None or kind.reads) for kind in selected)


def permissions() -> list[str]:
    """Every IAM action the AWS adapter needs: the read-only policy printed in the README."""
    actions = set(OTHER_PERMISSIONS)
    for kind in kinds():
        if kind.listing is not None:
            actions.add(kind.listing.permission)
        for read in kind.reads + ((kind.locate,) if kind.locate else ()):
            actions.update(read.permissions)
    return sorted(actions)
