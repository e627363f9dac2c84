"""Find checks: built-in ones, `--checks-dir` folders, and `srmscan.checks` entry points.

Modules are imported from files; every function carrying @check metadata is registered. A module
that fails to import, a bad declaration, or a duplicated id is a PluginError naming the file.
"""

from __future__ import annotations

from typing import Any

import fnmatch
import hashlib
import importlib
import importlib.util
import sys
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from srmscan.check import ATTRIBUTE, CheckDefinitionError, CheckMeta
from srmscan.errors import PluginError, SrmscanError
from srmscan.paths import builtin_checks_dir

ENTRY_POINT_GROUP = "srmscan.checks"


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckMeta] = {}
        self.mapping_files: list[Path] = []  # mapping YAML shipped beside plugin checks

    def add_module(self, module: ModuleType, source: str) -> None:
        """Every @check function of the module, at its top level or in a top-level tuple (check_family)."""
        for value in vars(module).values():
            for candidate in value if isinstance(value, tuple) else (value,):
                meta = getattr(candidate, ATTRIBUTE, None)
                if isinstance(meta, CheckMeta) and meta.func is candidate:
                    self.add(replace(meta, source=source))

    def add(self, meta: CheckMeta) -> None:
        other = self._checks.get(meta.id)
        if other is not None and other.source != meta.source:
            raise PluginError(f"{meta.source}: check id {meta.id!r} is already defined in {other.source}")
        self._checks[meta.id] = meta

    def all(self) -> list[CheckMeta]:
        return sorted(self._checks.values(), key=lambda m: m.id)

    def parameters(self) -> dict[str, tuple[Any, list[str]]]:
        """Every check parameter: name -> (its default, the checks that take it). Checks sharing a name must
        agree on its default (one srmscan.toml value sets them all)."""
        found: dict[str, tuple[Any, list[str]]] = {}
        for meta in self.all():
            for name, default in meta.params.items():
                if name in found and found[name][0] != default:
                    raise PluginError(f"{meta.source}: parameter {name!r} defaults to {default!r} here but to "
                                      f"{found[name][0]!r} in {found[name][1][0]}")
                found.setdefault(name, (default, []))[1].append(meta.id)
        return found

    def get(self, check_id: str) -> CheckMeta | None:
        return self._checks.get(check_id)

    def select(self, include: list[str] | None = None, exclude: list[str] | None = None,
               provider: str | None = None) -> list[CheckMeta]:
        """Checks matching `include` patterns (ids or globs), minus `exclude`; unknown patterns are errors."""
        checks = [m for m in self.all() if provider is None or m.provider == provider]
        for patterns in (include or [], exclude or []):
            for pattern in patterns:
                if not any(fnmatch.fnmatchcase(m.id, pattern) for m in self.all()):
                    raise SrmscanError(f"no check matches {pattern!r}; `srmscan checks` lists the ids")
        if include:
            checks = [m for m in checks if any(fnmatch.fnmatchcase(m.id, p) for p in include)]
        if exclude:
            checks = [m for m in checks if not any(fnmatch.fnmatchcase(m.id, p) for p in exclude)]
        return checks


def load_registry(extra_dirs: list[Path] | None = None, use_entry_points: bool = True,
                  known_types: dict[str, frozenset[str]] | None = None) -> Registry:
    """Load every check and validate it against the resource types collectors produce (default: all
    providers' declarations), so a typo in `resource_type` or `reads` is an error, not a silent no-op."""
    registry = Registry()
    load_directory(registry, builtin_checks_dir(), namespace="builtin")
    for directory in extra_dirs or []:
        if not directory.is_dir():
            raise PluginError(f"{directory}: --checks-dir is not a folder")
        load_directory(registry, directory, namespace="dir_" + _digest(directory))
        registry.mapping_files.extend(sorted(directory.rglob("*.yaml")))
    if use_entry_points:
        load_entry_points(registry)
    if known_types is None:
        from srmscan.providers import resource_types

        known_types = resource_types()
    for meta in registry.all():
        check_against_collectors(meta, known_types)
    return registry


def check_against_collectors(meta: CheckMeta, known_types: dict[str, frozenset[str]]) -> None:
    """A check must target a type some collector produces and read keys recorded on it."""
    if meta.resource_type not in known_types:
        provider_types = sorted(t for t in known_types if t.startswith(meta.provider + "."))
        known = ", ".join(provider_types) or f"none (no collector for provider {meta.provider!r})"
        raise PluginError(f"{meta.source}: check {meta.id!r} has resource_type {meta.resource_type!r}, which no "
                          f"collector produces; known {meta.provider} types: {known}")
    for key, owner, recorded in unmet_reads(meta, known_types):
        where = f"resource type {meta.resource_type}" if not owner else f"any {meta.provider} type ending in .{owner}"
        raise PluginError(f"{meta.source}: check {meta.id!r} reads {key!r}, which no collector records on {where}; "
                          f"recorded keys: {', '.join(sorted(recorded)) or 'none'}")


def unmet_reads(meta: CheckMeta, types: dict[str, frozenset[str]]) -> list[tuple[str, str, frozenset[str]]]:
    """The check's `reads` that no collector of `types` records: (key, owner, keys recorded there).

    `reads` entries are keys of the resource itself, or `OWNER.key` for a key of a related resource
    whose type ends in `.OWNER` (e.g. `account.s3_public_access_block` on `aws.account`). A key ending in `?` is
    optional: the check judges without it (see SnapshotView.optional), so it never keeps the check from applying."""
    unmet = []
    prefix = meta.provider + "."
    for key in meta.reads:
        if key.endswith("?"):
            continue
        owner, _, owner_key = key.rpartition(".")
        if not owner:
            recorded = types.get(meta.resource_type, frozenset())
        else:
            recorded = frozenset().union(*(keys for t, keys in types.items()
                                           if t.startswith(prefix) and t.endswith("." + owner)))
        if owner_key not in recorded:
            unmet.append((key, owner, recorded))
    return unmet


def load_directory(registry: Registry, directory: Path, namespace: str) -> None:
    for path in sorted(directory.rglob("*.py")):
        relative = path.relative_to(directory)
        if any(part.startswith(("_", ".")) for part in relative.parts):
            continue
        module_name = ".".join(["srmscan_checks", namespace, *relative.with_suffix("").parts])
        registry.add_module(_import_file(path, module_name), source=str(path))


def load_entry_points(registry: Registry) -> None:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        source = f"entry point {ep.name} = {ep.value}"
        module = _load(lambda name=ep.module: importlib.import_module(name), source)
        module_file = getattr(module, "__file__", None)
        registry.add_module(module, source=module_file or source)
        if module_file:
            registry.mapping_files.extend(sorted(Path(module_file).parent.glob("*.yaml")))


def _import_file(path: Path, module_name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        _load(lambda: spec.loader.exec_module(module), str(path))
    except PluginError:
        del sys.modules[module_name]
        raise
    return module


def _load(action, source: str):
    try:
        return action()
    except CheckDefinitionError as exc:
        raise PluginError(f"{source}: bad check metadata: {exc}") from None
    except Exception as exc:
        raise PluginError(f"{source}: failed to import: {type(exc).__name__}: {exc}") from None


def _digest(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
