"""Compose typer commands from parameter groups (provider options + output options) without repeating them."""

from __future__ import annotations

import inspect
from typing import Any, Callable


def parameters(func: Callable) -> list[inspect.Parameter]:
    """The keyword parameters of `func`, annotations resolved, usable in another signature."""
    return [p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in inspect.signature(func, eval_str=True).parameters.values()]


def compose(groups: list[list[inspect.Parameter]], body: Callable[[dict[str, Any]], Any],
            name: str, doc: str) -> Callable:
    """A function typer can read: its signature is the union of the groups; it calls body(kwargs)."""
    params = [p for group in groups for p in group]

    def command(**kwargs: Any) -> Any:
        return body(kwargs)

    command.__signature__ = inspect.Signature(params)
    command.__name__ = name
    command.__doc__ = doc
    return command


def take(kwargs: dict[str, Any], group: list[inspect.Parameter]) -> dict[str, Any]:
    """Remove and return the values of one group's parameters."""
    return {p.name: kwargs.pop(p.name) for p in group}
