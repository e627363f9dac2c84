"""Files srmscan may lose and make again, in the user's cache (paths.user_cache_dir): JSON under a digest of what
they were made from, written whole or not at all, and read as absent when missing or damaged."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from srmscan.paths import user_cache_dir

MISSING = object()


def cache_path(kind: str, key: str) -> Path:
    """Where the cached form of what `key` names (a file's content, or its path, size and time) is kept."""
    return user_cache_dir() / kind / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"


def read_cached(path: Path) -> Any:
    """The cached value, or MISSING (not cached yet, unreadable, damaged)."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return MISSING


def write_cached(path: Path, value: Any) -> None:
    """Keep `value` (JSON) at `path`, or nothing: a cache that cannot be written is only slower."""
    try:
        encoded = json.dumps(value, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(encoded)
        os.replace(partial, path)   # whole or not at all, whoever else writes it at once
    except (OSError, TypeError, ValueError, RecursionError):
        pass
