"""What a check author imports: the @check decorator, severities, and verdict helpers.

A check is a pure function `(resource, snapshot) -> Verdict`. The decorator only attaches its
metadata to the function; nothing is registered globally. The registry finds decorated functions
in the modules it loads.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Iterable

ATTRIBUTE = "__srmscan_check__"
CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*){2,}$")
RESOURCE_TYPE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*)+$")


class Status(str, Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


def passed(message: str, **evidence: Any) -> Verdict:
    return Verdict(Status.PASS, message, evidence)


def failed(message: str, **evidence: Any) -> Verdict:
    return Verdict(Status.FAIL, message, evidence)


def judged(ok: Any, good: str, bad: str, **evidence: Any) -> Verdict:
    """PASS saying `good` when `ok` holds, else FAIL saying `bad` (a check of one setting)."""
    return Verdict(Status.PASS if ok else Status.FAIL, good if ok else bad, evidence)


def undetermined(message: str, **evidence: Any) -> Verdict:
    """The check cannot decide (e.g. a policy it cannot parse): reported as ERROR, never PASS."""
    return Verdict(Status.ERROR, message, evidence)


class CheckDefinitionError(ValueError):
    """Bad metadata on a @check; the registry adds the file name."""


@dataclass(frozen=True)
class CheckMeta:
    id: str
    title: str
    severity: Severity
    resource_type: str
    rationale: str
    remediation: str
    reads: tuple[str, ...]
    func: Callable[..., Verdict]
    source: str = ""
    params: dict[str, Any] = field(default_factory=dict)   # parameter name -> default (srmscan.toml [params])

    @property
    def provider(self) -> str:
        return self.id.split(".", 1)[0]


def check(*, id: str, title: str, severity: str, resource_type: str, rationale: str,
          remediation: str, reads: tuple[str, ...] | list[str],
          params: dict[str, Any] | None = None) -> Callable[[Callable], Callable]:
    """Declare a check. `reads` names the config keys it uses (`account.KEY` for account-level ones); `params` the
    parameters it takes with their defaults (a user sets them in srmscan.toml; the check reads
    `snapshot.param(NAME)`, and every result shows the values used in its evidence)."""

    def decorate(func: Callable) -> Callable:
        meta = CheckMeta(id=id, title=title, severity=_severity(id, severity),
                         resource_type=resource_type, rationale=rationale, remediation=remediation,
                         reads=tuple(reads), func=func, params=dict(params or {}))
        _validate(meta)
        setattr(func, ATTRIBUTE, meta)
        return func

    return decorate


def check_family(declare: Callable[..., Callable], specs: dict[str, Any]) -> tuple[Callable, ...]:
    """One check per entry of `specs` (a benchmark that repeats a recommendation per flag, plan, event ...):
    `declare(key, *spec)` (or `declare(key, spec)` for a non-tuple spec) returns a @check function. Keep the
    tuple at module level, e.g. `FLAG_CHECKS = check_family(_declare, FLAGS)`: the registry finds the checks
    in module-level tuples as well as in module-level functions."""
    return tuple(declare(key, *spec) if isinstance(spec, tuple) else declare(key, spec) for key, spec in specs.items())


def _severity(check_id: str, value: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise CheckDefinitionError(f"check {check_id!r}: severity {value!r} is not one of {allowed}") from None


def _validate(meta: CheckMeta) -> None:
    def bad(reason: str) -> CheckDefinitionError:
        return CheckDefinitionError(f"check {meta.id!r}: {reason}")

    if not isinstance(meta.id, str) or not CHECK_ID.match(meta.id):
        raise bad("id must be dotted lower-case like 'aws.s3.bucket_versioning'")
    if not isinstance(meta.resource_type, str) or not RESOURCE_TYPE.match(meta.resource_type):
        raise bad(f"resource_type {meta.resource_type!r} must be dotted lower-case like 'aws.s3.bucket'")
    if meta.resource_type.split(".")[0] != meta.provider:
        raise bad(f"resource_type {meta.resource_type!r} belongs to another provider than the id")
    for name in ("title", "rationale", "remediation"):
        value = getattr(meta, name)
        if not isinstance(value, str) or not value.strip():
            raise bad(f"{name} must be a non-empty string")
    if not meta.reads or not all(isinstance(k, str) and k for k in meta.reads):
        raise bad("reads must list the config keys the check uses")
    for name, default in meta.params.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise bad(f"parameter {name!r} must be a snake_case name")
        if not isinstance(default, (bool, int, float, str, list)):
            raise bad(f"parameter {name!r} needs a default of a TOML type (number, string, boolean, list)")
    try:
        inspect.signature(meta.func).bind(object(), object())
    except TypeError:
        raise bad("the function must take (resource, snapshot)") from None


def first_found(items: Iterable[Any], judge: Callable[[Any], Any]) -> Any:
    """The first truthy `judge(item)`. An item whose data could not be read only matters when no other
    item is found: then its DataUnavailable is raised (the result is ERROR, never a guessed FAIL)."""
    from srmscan.views import DataUnavailable

    deferred: DataUnavailable | None = None
    for entry in items:
        try:
            found = judge(entry)
        except DataUnavailable as missing:
            deferred = deferred or missing
            continue
        if found:
            return found
    if deferred is not None:
        raise deferred
    return None
