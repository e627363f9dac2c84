"""The responsibility catalogue and the check -> duty + controls mappings, validated at load.

mappings/responsibilities.yaml is the catalogue of customer-side duties (and the provider-owned
layers, out of scope); mappings/<provider>.yaml maps each check id to its duties, the service
model of the resource, and framework controls. Any problem is a MappingError naming file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmscan.check import CheckMeta
from srmscan.errors import MappingError
from srmscan.paths import mappings_dir
from srmscan.yamlfile import LineDict, line_of, load_yaml

CATALOGUE_FILE = "responsibilities.yaml"
DUTY_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Duty:
    id: str
    name: str
    description: str
    customer_in: tuple[str, ...]
    provider_layers: dict[str, str]


@dataclass(frozen=True)
class ProviderModel:
    name: str
    url: str


@dataclass(frozen=True)
class Control:
    framework: str
    id: str

    def to_json(self) -> dict[str, str]:
        return {"framework": self.framework, "id": self.id}


@dataclass(frozen=True)
class CheckMapping:
    check_id: str
    duties: tuple[str, ...]
    service_model: str
    service_category: str | None
    controls: tuple[Control, ...]
    source: str


@dataclass
class Catalogue:
    service_models: tuple[str, ...]
    provider_models: dict[str, ProviderModel]
    duties: dict[str, Duty]
    provider_owned: list[Duty]


@dataclass
class Mapping:
    catalogue: Catalogue
    checks: dict[str, CheckMapping] = field(default_factory=dict)

    def for_check(self, check_id: str) -> CheckMapping:
        return self.checks[check_id]


class _Where:
    """Builds 'file:line: message' errors."""

    def __init__(self, path: Path):
        self.path = path

    def error(self, node: Any, message: str, key: str | None = None) -> MappingError:
        line = line_of(node, key)
        return MappingError(f"{self.path}{':' + str(line) if line else ''}: {message}")


def _text(where: _Where, node: Any, key: str) -> str:
    if not isinstance(node, dict):
        raise where.error(node, "expected a mapping")
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(node, f"'{key}' must be a non-empty string", key)
    return value.strip()


def _string_list(where: _Where, node: Any, key: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    value = node.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise where.error(node, f"'{key}' must be a non-empty list of strings", key)
    if allowed is not None:
        for item in value:
            if item not in allowed:
                raise where.error(node, f"'{key}' has unknown value {item!r} (allowed: {', '.join(allowed)})", key)
    return tuple(value)


def load_catalogue(path: Path) -> Catalogue:
    where = _Where(path)
    data = load_yaml(path, "mapping", cache=True)
    if not isinstance(data, LineDict):
        raise where.error(data, "expected a mapping at the top level")
    service_models = _string_list(where, data, "service_models")
    models_node = data.get("provider_models")
    if not isinstance(models_node, dict) or not models_node:
        raise where.error(data, "'provider_models' must map provider names to {name, url}", "provider_models")
    provider_models = {name: ProviderModel(_text(where, node, "name"), _text(where, node, "url"))
                       for name, node in models_node.items()}

    def duties(key: str, owned_by_customer: bool) -> list[Duty]:
        items = data.get(key)
        if not isinstance(items, list) or not items:
            raise where.error(data, f"'{key}' must be a non-empty list", key)
        parsed = []
        for node in items:
            duty_id = _text(where, node, "id")
            if not DUTY_ID.match(duty_id):
                raise where.error(node, f"id {duty_id!r} must be lower-case words joined by '-'", "id")
            layers = node.get("provider_layers")
            if not isinstance(layers, dict) or set(layers) != set(provider_models):
                raise where.error(node, f"'provider_layers' must name the layer for each of: "
                                        f"{', '.join(provider_models)}", "provider_layers")
            for provider in provider_models:
                _text(where, layers, provider)
            customer_in = _string_list(where, node, "customer_in", service_models) if owned_by_customer else ()
            parsed.append(Duty(duty_id, _text(where, node, "name"), _text(where, node, "description"),
                               customer_in, {p: layers[p].strip() for p in provider_models}))
        return parsed

    customer = duties("customer_duties", True)
    owned = duties("provider_owned", False)
    seen: dict[str, Duty] = {}
    for duty in customer + owned:
        if duty.id in seen:
            raise MappingError(f"{path}: duty id {duty.id!r} is listed twice")
        seen[duty.id] = duty
    return Catalogue(service_models, provider_models, {d.id: d for d in customer}, owned)


def load_provider_mapping(path: Path, catalogue: Catalogue) -> dict[str, CheckMapping]:
    where = _Where(path)
    data = load_yaml(path, "mapping", cache=True)
    if not isinstance(data, LineDict):
        raise where.error(data, "expected a mapping at the top level")
    provider = _text(where, data, "provider")
    if provider not in catalogue.provider_models:
        raise where.error(data, f"provider {provider!r} has no entry in {CATALOGUE_FILE} provider_models", "provider")
    frameworks = data.get("frameworks")
    if not isinstance(frameworks, dict) or not frameworks:
        raise where.error(data, "'frameworks' must map short names (cis, nist, ccm) to full titles with versions",
                          "frameworks")
    titles = {key: _text(where, frameworks, key) for key in frameworks}
    checks = data.get("checks")
    if not isinstance(checks, dict) or not checks:
        raise where.error(data, "'checks' must map check ids to their duties and controls", "checks")
    result = {}
    for check_id, node in checks.items():
        if not isinstance(check_id, str) or not check_id.startswith(provider + "."):
            raise where.error(checks, f"check id {check_id!r} does not belong to provider {provider!r}", str(check_id))
        if not isinstance(node, dict):
            raise where.error(checks, f"{check_id}: expected a mapping", check_id)
        duties = _string_list(where, node, "duties")
        service_model = _text(where, node, "service_model")
        if service_model not in catalogue.service_models:
            raise where.error(node, f"{check_id}: unknown service model {service_model!r}", "service_model")
        for duty_id in duties:
            duty = catalogue.duties.get(duty_id)
            if duty is None:
                raise where.error(node, f"{check_id}: unknown duty {duty_id!r} (not a customer duty in "
                                        f"{CATALOGUE_FILE})", "duties")
            if service_model not in duty.customer_in:
                raise where.error(node, f"{check_id}: duty {duty_id!r} is not the customer's in {service_model} "
                                        f"(it is in {', '.join(duty.customer_in)})", "duties")
        controls_node = node.get("controls") or {}
        if not isinstance(controls_node, dict):
            raise where.error(node, f"{check_id}: 'controls' must map framework names to lists of ids", "controls")
        controls = []
        for framework, ids in controls_node.items():
            if framework not in titles:
                raise where.error(controls_node, f"{check_id}: framework {framework!r} is not declared under "
                                                 "'frameworks'", framework)
            if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
                raise where.error(controls_node, f"{check_id}: controls of {framework!r} must be a list of ids "
                                                 "(quote numeric ids such as \"2.1.1\")", framework)
            controls.extend(Control(titles[framework], i) for i in ids)
        category = node.get("service_category")
        if category is not None and not isinstance(category, str):
            raise where.error(node, f"{check_id}: 'service_category' must be a string", "service_category")
        result[check_id] = CheckMapping(check_id, duties, service_model, category, tuple(controls),
                                        f"{path}:{line_of(checks, check_id)}")
    return result


def load_mapping(checks: list[CheckMeta], extra_files: list[Path] | None = None,
                 directory: Path | None = None) -> Mapping:
    """Load and cross-validate: every check is mapped, every mapping names a known check."""
    directory = directory or mappings_dir()
    catalogue = load_catalogue(directory / CATALOGUE_FILE)
    mapping = Mapping(catalogue)
    files = sorted(p for p in directory.glob("*.yaml") if p.name != CATALOGUE_FILE) + list(extra_files or [])
    for path in files:
        for check_id, entry in load_provider_mapping(path, catalogue).items():
            if check_id in mapping.checks:
                raise MappingError(f"{entry.source}: check {check_id!r} is already mapped at "
                                   f"{mapping.checks[check_id].source}")
            mapping.checks[check_id] = entry
    known = {meta.id for meta in checks}
    for entry in mapping.checks.values():
        if entry.check_id not in known:
            raise MappingError(f"{entry.source}: mapping names unknown check {entry.check_id!r}")
    for meta in checks:
        if meta.id not in mapping.checks:
            raise MappingError(f"{meta.source}: check {meta.id!r} has no mapping; add it to "
                               f"mappings/{meta.provider}.yaml (or a .yaml mapping file beside the plugin)")
    return mapping
