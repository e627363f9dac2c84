"""The resource types the Google Cloud adapter produces, with the config keys it records on each."""

from __future__ import annotations

from srmscan.providers.gcp.reads import resource_types as declared_types
from srmscan.providers.gcp.target import SERVICES


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    return declared_types(services)
