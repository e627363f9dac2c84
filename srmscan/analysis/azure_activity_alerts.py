"""Does an activity log alert rule fire for every event of one operation in a subscription?

An alert rule (Microsoft.Insights/activityLogAlerts) fires when every leaf of its `condition.allOf` matches
the event: a leaf compares one `field` with `equals` (case-insensitive) or `containsAny`, or is an `anyOf`
of such comparisons. For CIS the rule must be enabled, scoped to the whole subscription (a resource group
or resource scope sees only part of it), match the operation, not narrow by level, status, caller or any
other field than the operation's category and resource type, and notify at least one action group."""

from __future__ import annotations

from typing import Any

ALLOWED_FIELDS = {"category", "operationname", "resourcetype", "resourceprovider"}


def _matches(leaf: dict[str, Any], field: str, value: str) -> bool:
    if "anyOf" in leaf:
        return any(_matches(option, field, value) for option in leaf.get("anyOf") or [])
    if str(leaf.get("field", "")).lower() != field:
        return False
    if leaf.get("equals") is not None:
        return str(leaf["equals"]).lower() == value.lower()
    return value.lower() in {str(v).lower() for v in leaf.get("containsAny") or []}


def _fields(leaf: dict[str, Any]) -> set[str]:
    if "anyOf" in leaf:
        return set().union(*(_fields(option) for option in leaf.get("anyOf") or [])) or {"anyOf"}
    return {str(leaf.get("field", "")).lower()}


def _leaf_allows(leaf: dict[str, Any], category: str, operation: str | None) -> bool:
    """The leaf lets every event of the operation (or, with no operation, of the category) through."""
    fields = _fields(leaf)
    if not fields <= ALLOWED_FIELDS:
        return False
    if fields == {"category"}:
        return _matches(leaf, "category", category)
    if fields == {"operationname"}:
        return operation is not None and _matches(leaf, "operationname", operation)
    if fields & {"resourcetype", "resourceprovider"} and operation:
        resource_type = operation.rsplit("/", 1)[0].lower()
        provider = resource_type.split("/", 1)[0]
        return (_matches(leaf, "resourcetype", resource_type) or _matches(leaf, "resourceprovider", provider))
    return False


def covering_alerts(alerts: list[dict[str, Any]], subscription: str, category: str,
                    operation: str | None) -> tuple[list[str], dict[str, str]]:
    """Names of the alert rules that fire on every such event and notify someone, and why each other one
    does not."""
    scope = f"/subscriptions/{subscription}".lower()
    good, why_not = [], {}
    for alert in alerts:
        leaves = alert.get("conditions") or []
        reason = None
        if not alert.get("enabled"):
            reason = "disabled"
        elif scope not in {str(s).lower().rstrip("/") for s in alert.get("scopes") or []}:
            reason = "not scoped to the whole subscription"
        elif operation and not any(_matches(leaf, "operationname", operation) for leaf in leaves):
            reason = "another operation"
        elif not operation and not any(_matches(leaf, "category", category) for leaf in leaves):
            reason = "another category"
        elif not all(_leaf_allows(leaf, category, operation) for leaf in leaves):
            reason = "narrowed by " + ", ".join(sorted(set().union(*(_fields(leaf) for leaf in leaves))
                                                       - {"category", "operationname"}))
        elif not alert.get("action_groups"):
            reason = "no action group to notify"
        if reason:
            why_not[alert.get("name") or "?"] = reason
        else:
            good.append(alert.get("name") or "?")
    return good, why_not
