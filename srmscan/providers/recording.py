"""Record one read on a resource: its answer, or the failure that makes the checks needing it ERROR."""

from __future__ import annotations

from typing import Any, Callable

from srmscan.model import ReadError, Resource


def record_read(resource: Resource, key: str, call: Callable[[], Any], failures: tuple[type[BaseException], ...],
                error_of: Callable[[Exception], ReadError], progress, fatal: tuple[type[BaseException], ...] = ()) -> None:
    """`failures` are recorded on the resource; `fatal` ones (e.g. no credentials) end the scan instead."""
    try:
        resource.record(key, call())
    except fatal:
        raise
    except failures as exc:
        resource.record_error(key, error_of(exc))
    finally:
        progress.advance()
