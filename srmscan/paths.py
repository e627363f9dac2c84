"""Where the built-in checks, mappings and demo snapshots are.

In a wheel they are package data under srmscan/_builtin/; in a source checkout or an editable
install they are the top-level checks/, mappings/ and fixtures/demo/ folders.
"""

from __future__ import annotations

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
