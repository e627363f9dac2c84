"""How long a credential or certificate is valid, in calendar months (a year from the 29th of February ends on
the 28th), from its start and end: shared by Key Vault certificates and Entra application credentials."""

from __future__ import annotations

from datetime import datetime, timezone


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
