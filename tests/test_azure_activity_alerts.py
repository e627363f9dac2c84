"""Table tests: which activity log alert rules fire on every event of a CIS operation in a subscription."""

import pytest

import azure_api as api
from srmscan.analysis.azure_activity_alerts import covering_alerts
from srmscan.providers.azure.services.monitor import activity_log_alerts_config

SUB = "11111111-2222-4333-8444-555555555555"
OP = "Microsoft.Network/networkSecurityGroups/write"
ADMIN = {"field": "category", "equals": "Administrative"}


def rule(name, conditions, **kwargs):
    return api.activity_log_alert(SUB, name, conditions, **kwargs)


CASES = [
    ("category and operation", rule("a", [ADMIN, {"field": "operationName", "equals": OP}]), True, ""),
    ("operation only", rule("a", [{"field": "operationName", "equals": OP}]), True, ""),
    ("case-insensitive", rule("a", [{"field": "OperationName", "equals": OP.lower()}]), True, ""),
    ("anyOf including it", rule("a", [ADMIN, {"anyOf": [{"field": "operationName", "equals": "x/write"},
                                                        {"field": "operationName", "equals": OP}]}]), True, ""),
    ("containsAny", rule("a", [{"field": "operationName", "containsAny": ["x", OP]}]), True, ""),
    ("resource type of the operation", rule("a", [{"field": "operationName", "equals": OP},
                                                  {"field": "resourceType",
                                                   "equals": "Microsoft.Network/networkSecurityGroups"}]), True, ""),
    ("another operation", rule("a", [ADMIN, {"field": "operationName", "equals": "x/write"}]), False,
     "another operation"),
    ("level filter", rule("a", [ADMIN, {"field": "operationName", "equals": OP}, {"field": "level", "equals": "Error"}]),
     False, "narrowed by level"),
    ("caller filter", rule("a", [{"field": "operationName", "equals": OP}, {"field": "caller", "equals": "x@y"}]),
     False, "narrowed by caller"),
    ("status filter", rule("a", [{"field": "operationName", "equals": OP}, {"field": "status", "equals": "Failed"}]),
     False, "narrowed by status"),
    ("other category", rule("a", [{"field": "category", "equals": "Security"}, {"field": "operationName", "equals": OP}]),
     False, "narrowed by"),
    ("resource group scope", rule("a", [ADMIN, {"field": "operationName", "equals": OP}],
                                  scope=f"/subscriptions/{SUB}/resourceGroups/rg"), False, "not scoped"),
    ("disabled", rule("a", [ADMIN, {"field": "operationName", "equals": OP}], enabled=False), False, "disabled"),
    ("no action group", rule("a", [ADMIN, {"field": "operationName", "equals": OP}], action_group=False), False,
     "no action group"),
]


@pytest.mark.parametrize("alert, fires, why", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_activity_log_alert_semantics(alert, fires, why):
    good, why_not = covering_alerts(activity_log_alerts_config([alert]), SUB, "Administrative", OP)
    assert bool(good) is fires
    assert why in " ".join(why_not.values())


def test_service_health_needs_the_service_health_category():
    alerts = activity_log_alerts_config([rule("health", [{"field": "category", "equals": "ServiceHealth"}]),
                                         rule("admin", [ADMIN])])
    good, why_not = covering_alerts(alerts, SUB, "ServiceHealth", None)
    assert good == ["health"] and why_not == {"admin": "another category"}
