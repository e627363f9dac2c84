"""Reading IAM's credential report: rows by user, ages of dates, and what its special values mean.

Values as srmscan stores them: true/false as booleans, "N/A" as None, ISO 8601 dates as strings,
"no_information" (no use recorded since IAM began tracking it) and "not_supported" kept as they are.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

ROOT_USER = "<root_account>"


_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d)\.(\d+)")


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 / RFC 3339 time; fractional seconds of any length (Google writes 0, 3, 6 or 9 digits, which
    Python 3.10's fromisoformat does not all accept) are cut or padded to microseconds."""
    if not isinstance(value, str) or not value or value in ("no_information", "not_supported"):
        return None
    text = _FRACTION.sub(lambda m: f"{m.group(1)}.{m.group(2)[:6].ljust(6, '0')}", value.strip())
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def days_between(earlier: Any, later: Any) -> int | None:
    start, end = parse_time(earlier), parse_time(later)
    if start is None or end is None:
        return None
    return (end - start).days


def row_of(report: dict, user_name: str) -> dict | None:
    return next((row for row in report.get("users", []) if row.get("user") == user_name), None)


def active_keys(row: dict) -> list[int]:
    return [n for n in (1, 2) if row.get(f"access_key_{n}_active") is True]
