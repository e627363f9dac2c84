"""Where the built-in checks, mappings and demo snapshots are, and srmscan's folders in the user's home.

In a wheel they are package data under srmscan/_builtin/; in a source checkout or an editable
install they are the top-level checks/, mappings/ and fixtures/demo/ folders.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_builtin"
_SOURCE = _PACKAGE.parent


def _pick(installed: str, source: str) -> Path:
    candidate = _INSTALLED / installed
    return candidate if candidate.is_dir() else _SOURCE / source


def builtin_checks_dir() -> Path:
    return _pick("checks", "checks")


def mappings_dir() -> Path:
    return _pick("mappings", "mappings")


def demo_dir() -> Path:
    return _pick("demo", "fixtures/demo")


def schema_path(name: str) -> Path:
    return _PACKAGE / "schema" / name


def user_data_dir() -> Path:
    """srmscan's data in the user's home (the default findings history): $XDG_DATA_HOME/srmscan."""
    return _xdg("XDG_DATA_HOME", ".local/share")


def user_cache_dir() -> Path:
    """What srmscan may lose and make again (parsed YAML): $XDG_CACHE_HOME/srmscan."""
    return _xdg("XDG_CACHE_HOME", ".cache")


def _xdg(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / default) / "srmscan"

