"""Reading files srmscan is handed (snapshots, baselines, waivers, mappings) within safe limits.

A file larger than MAX_INPUT_BYTES, or nested deeper than MAX_DEPTH, is refused with a one-line error
naming the file, instead of exhausting memory or the interpreter's recursion limit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from srmscan.errors import InputError

MAX_INPUT_BYTES = 1024 * 1024 * 1024   # 1 GiB: a snapshot of ~1 million resources
MAX_DEPTH = 100                        # policies, conditions and selectors nest a dozen levels at most


BYTES_PER_VALUE = 56   # what one parsed JSON value may cost at most in memory, beyond its text (an empty dict: 64 + 8)
MEMORY_FACTOR, MEMORY_ALLOWANCE = 3, 200 * 1024 * 1024   # loading a file may take 3x its size + 200 MB at most


def read_bytes(path: Path, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{path}: {what} is {size / 1048576:.0f} MB, over the {MAX_INPUT_BYTES // 1048576} MB "
                             f"srmscan reads; split the scan (--region, --service) or check the file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None


def decode(data: bytes, path: Path, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {what} is not UTF-8 text (byte {exc.start})") from None


def read_text(path: Path, what: str) -> str:
    return decode(read_bytes(path, what), path, what)


def load_json(path: Path, what: str, top: str | None = None) -> Any:
    """Parse a JSON file srmscan was handed, refusing before parsing what would cost more memory than
    MEMORY_FACTOR x its size + MEMORY_ALLOWANCE (millions of tiny values: `[0,0,0,...]`) and, with `top`
    ("{" or "["), what does not even start like the document expected."""
    data = read_bytes(path, what)
    if top is not None and data.lstrip()[:1] != top.encode():
        raise InputError(f"{path}: not an srmscan {what} (not a JSON {'object' if top == '{' else 'array'})")
    values = data.count(b",") + data.count(b"{") + data.count(b"[")
    needed = len(data) * (1 if data.isascii() else 2) + values * BYTES_PER_VALUE
    if needed > MEMORY_FACTOR * len(data) + MEMORY_ALLOWANCE:
        raise InputError(f"{path}: {what} holds about {values:,} JSON values in {len(data) / 1048576:.0f} MB "
                         f"(about {needed / 1048576:.0f} MB to load): not a document srmscan writes; check the file")
    text = decode(data, path, what)
    del data
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: {what} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: {what} is nested too deeply to be srmscan's (over {MAX_DEPTH} levels)") from None
    except ValueError as exc:   # e.g. an integer over Python's 4,300-digit conversion limit
        raise InputError(f"{path}: {what} has a value srmscan cannot read ({str(exc).split(';')[0]})") from None
    del text
    check_depth(parsed, path, what)
    return parsed


def check_depth(data: Any, path: Path, what: str) -> None:
    """Refuse structures nested deeper than MAX_DEPTH (walked without recursion, in memory that grows
    with the depth, not the size)."""
    stack = [iter((data,))]
    while stack:
        value = next(stack[-1], _END)
        if value is _END:
            stack.pop()
        elif isinstance(value, (dict, list)):
            if len(stack) >= MAX_DEPTH:
                raise InputError(f"{path}: {what} is nested too deeply to be srmscan's (over {MAX_DEPTH} levels)")
            stack.append(iter(value.values() if isinstance(value, dict) else value))


_END = object()
