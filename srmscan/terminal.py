"""Make text that came from a cloud account safe to show on a terminal."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible format characters that can reorder or hide text (Trojan Source): bidi embeddings,
# overrides and isolates, marks, zero-width characters, line/paragraph separators, the BOM.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def clean(value: object) -> str:
    """Replace control characters (escape sequences could rewrite the terminal) and invisible format
    characters (bidi overrides could disguise a resource name) with visible escapes."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clean_tree(value: Any) -> Any:
    """`value` (a JSON-like document: SARIF, OCSF) with every string, keys included, passed through clean():
    what a viewer shows a person can carry no raw control or format character from an account."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(key) if isinstance(key, str) else key: clean_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_tree(item) for item in value]
    return value


def columns(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain text table: each column as wide as its widest cell, the last one left ragged, every cell
    through clean(). Hundreds of rows in a few milliseconds (a rich table measures every cell twice)."""
    cells = [tuple(clean(cell) for cell in row) for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    rule = tuple("-" * width for width in widths)
    return "\n".join("  ".join([*(cell.ljust(width) for cell, width in zip(row[:-1], widths)), row[-1]]).rstrip()
                     for row in [cells[0], rule, *cells[1:]])
