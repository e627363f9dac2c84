"""What makes Microsoft 365 DLP and sensitivity labels take effect (CIS Microsoft 365 Foundations v7.0.0, 3.2 and
3.3): a DLP policy protects only in Mode Enable (the test modes only simulate), only where its locations reach
("All" for a workload covers every mailbox, site, OneDrive or Teams account), and only for the sensitive
information types an enabled rule of it detects; a sensitivity label reaches users only through an enabled
PublishedSensitivityLabel policy naming it."""

from __future__ import annotations

WORKLOAD_NAMES = {"exchange": "Exchange email", "sharepoint": "SharePoint sites", "onedrive": "OneDrive accounts",
                  "teams": "Teams chats and channels"}


def enforcing(policies: list[dict]) -> list[dict]:
    return [p for p in policies if p["mode"] == "Enable" and p["enabled"]]


def covers_all(policy: dict, workload: str) -> bool:
    return any(location.lower() == "all" for location in policy["locations"][workload])


def detected_types(policy: dict, rules: list[dict]) -> set[str]:
    """The sensitive information types the policy's enabled rules detect (lower case)."""
    return {t.lower() for rule in rules if rule["policy"] == policy["name"] and rule["enabled"]
            for t in rule["sensitive_types"]}


def workload_gaps(policies: list[dict], rules: list[dict], required: tuple[str, ...]) -> dict[str, list[str]]:
    """Per workload, what no enforcing policy covering all of it detects: the required types it misses (or
    "any sensitive information type" when no such policy has an enabled rule detecting one)."""
    gaps = {}
    for workload in WORKLOAD_NAMES:
        detected: set[str] = set()
        for policy in enforcing(policies):
            if covers_all(policy, workload):
                detected |= detected_types(policy, rules)
        missing = [t for t in required if t.lower() not in detected] if detected else \
            ["any sensitive information type"]
        if missing:
            gaps[workload] = missing
    return gaps
