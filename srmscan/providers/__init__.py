"""Provider adapters, by name. The core knows providers only through this table.

Each provider package exposes:
- `TITLE`: a one-line description for --help;
- `options(...)`: a function whose keyword parameters (typer-annotated) are the provider's CLI
  options and which returns the target to collect (a small dataclass);
- `collect(target, progress) -> Snapshot`: reads the live configuration. SDKs are imported inside
  it, so that `srmscan --help` and `srmscan evaluate` never pay for them.
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
