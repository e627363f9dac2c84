"""How long a credential or certificate is valid, in calendar months (a year from the 29th of February ends on
the 28th), from its start and end: shared by Key Vault certificates and Entra application credentials."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from srmscan.check import Verdict, failed, passed, undetermined


def moment(value) -> datetime | None:
    """An epoch (Key Vault attributes) or an ISO 8601 text (Microsoft Graph) as an aware datetime; None if absent."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def longer_than_twelve_months(start: datetime, end: datetime) -> bool:
    limit = start.replace(year=start.year + 1, day=min(start.day, 28 if start.month == 2 else 31))
    return end > limit


def twelve_month_verdict(credentials: Iterable[tuple[str, Any, Any]], what: str) -> Verdict:
    """FAIL naming every (label, start, end) valid longer than 12 months; ERROR when some have no dates and none
    fails; else PASS. `what` names them in the PASS message ("2 certificate(s)")."""
    long_lived, undated = [], []
    for label, start, end in credentials:
        begin, finish = moment(start), moment(end)
        if begin is None or finish is None:
            undated.append(str(label))
        elif longer_than_twelve_months(begin, finish):
            long_lived.append(f"{label} ({(finish - begin).days} days)")
    if long_lived:
        return failed(f"valid longer than 12 months: {', '.join(long_lived)}", long_lived=long_lived)
    if undated:
        return undetermined(f"the answer gave no validity dates for {', '.join(undated)}")
    return passed(f"{what}, each valid 12 months or less")
