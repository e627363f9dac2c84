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


def read_text(path: Path, what: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{path}: {what} is {size / 1048576:.0f} MB, over the {MAX_INPUT_BYTES // 1048576} MB "
                             f"srmscan reads; split the scan (--region, --service) or check the file")
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {what} is not UTF-8 text (byte {exc.start})") from None


def load_json(path: Path, what: str) -> Any:
    text = read_text(path, what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: {what} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: {what} is nested too deeply to be srmscan's (over {MAX_DEPTH} levels)") from None
    check_depth(data, path, what)
    return data


def check_depth(data: Any, path: Path, what: str) -> None:
    """Refuse structures nested deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"{path}: {what} is nested too deeply to be srmscan's (over {MAX_DEPTH} levels)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
