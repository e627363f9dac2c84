"""Provider adapters, by name. The core knows providers only through this table.

Each provider package exposes:
- `TITLE`: what a scan of it reads, in a few words, for --help ("Scan TITLE.", "Collect TITLE ...");
- `options(...)`: a function whose keyword parameters (typer-annotated) are the provider's CLI
  options and which returns the target to collect (a small dataclass);
- `collect(target, progress) -> Snapshot`: reads the live configuration. SDKs are imported inside
  it, so that `srmscan --help` and `srmscan evaluate` never pay for them;
- `permissions()`: the read-only permissions the adapter needs, derived from what it reads;
- `resource_types()`: each resource type it produces, with the config keys it records on it (checks
  are validated against these when they load).
"""

from __future__ import annotations

import importlib
from types import ModuleType

PROVIDERS = {
    "aws": "srmscan.providers.aws",
    "gcp": "srmscan.providers.gcp",
    "azure": "srmscan.providers.azure",
}


def provider_module(name: str) -> ModuleType:
    return importlib.import_module(PROVIDERS[name])


def resource_types() -> dict[str, frozenset[str]]:
    """Every resource type any provider produces -> the config keys recorded on it."""
    types: dict[str, frozenset[str]] = {}
    for name in PROVIDERS:
        types.update(provider_module(name).resource_types())
    return types
