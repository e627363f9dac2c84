"""Azure Monitor on the subscription: the activity log exported, and alerts on the CIS operations."""

from srmscan.analysis.azure_activity_alerts import covering_alerts
from srmscan.check import check, check_family, failed, passed

SUBSCRIPTION = "azure.account"
REQUIRED_CATEGORIES = ("Administrative", "Alert", "Policy", "Security")


def _exporting(settings):
    return [s for s in settings if s["destinations"]]


@check(id="azure.monitor.activity_log_exported", severity="medium", resource_type=SUBSCRIPTION,
       reads=("activity_log_settings",),
       title="A diagnostic setting exports the subscription's activity log",
       rationale="The activity log is kept 90 days; exporting it is the customer's log retention duty.",
       remediation="Monitor > Activity log > Export Activity Logs > Add diagnostic setting (Log Analytics, storage "
                   "or Event Hub).")
def activity_log_exported(subscription, snapshot):
    exporting = _exporting(subscription.config["activity_log_settings"])
    if exporting:
        return passed(f"exported by {', '.join(s['name'] for s in exporting)}",
                      destinations={s["name"]: s["destinations"] for s in exporting})
    return failed("no diagnostic setting exports the activity log")


@check(id="azure.monitor.activity_log_categories", severity="medium", resource_type=SUBSCRIPTION,
       reads=("activity_log_settings",),
       title="The activity log export includes the Administrative, Alert, Policy and Security categories",
       rationale="Without these categories the exported log misses control-plane changes and security events.",
       remediation="Edit the diagnostic setting and check Administrative, Alert, Policy and Security (or allLogs).")
def activity_log_categories(subscription, snapshot):
    best = None
    for setting in _exporting(subscription.config["activity_log_settings"]):
        enabled = {l["category"] for l in setting["logs"] if l["enabled"] and l["category"]}
        every = any(l["enabled"] and (l["category_group"] or "").lower() == "alllogs" for l in setting["logs"])
        missing = [] if every else [c for c in REQUIRED_CATEGORIES if c not in enabled]
        if not missing:
            return passed(f"{setting['name']} exports {'all logs' if every else ', '.join(REQUIRED_CATEGORIES)}")
        if best is None or len(missing) < len(best[1]):
            best = (setting["name"], missing)
    if best is None:
        return failed("no diagnostic setting exports the activity log")
    return failed(f"{best[0]} does not export {', '.join(best[1])}", missing=best[1])


# CIS Azure 6.0.0 6.1.2.1-6.1.2.10: the operations whose activity log alerts it asks for
ALERT_OPERATIONS = {
    "create_policy_assignment": "Microsoft.Authorization/policyAssignments/write",
    "delete_policy_assignment": "Microsoft.Authorization/policyAssignments/delete",
    "create_update_nsg": "Microsoft.Network/networkSecurityGroups/write",
    "delete_nsg": "Microsoft.Network/networkSecurityGroups/delete",
    "create_update_security_solution": "Microsoft.Security/securitySolutions/write",
    "delete_security_solution": "Microsoft.Security/securitySolutions/delete",
    "create_update_sql_firewall_rule": "Microsoft.Sql/servers/firewallRules/write",
    "delete_sql_firewall_rule": "Microsoft.Sql/servers/firewallRules/delete",
    "create_update_public_ip": "Microsoft.Network/publicIPAddresses/write",
    "delete_public_ip": "Microsoft.Network/publicIPAddresses/delete",
    "service_health": None,
}


def judge_alert(subscription, operation):
    category = "ServiceHealth" if operation is None else "Administrative"
    good, why_not = covering_alerts(subscription.config["activity_log_alerts"], subscription.account, category,
                                    operation)
    what = operation or "service health events"
    if good:
        return passed(f"alert rule {good[0]} notifies on {what}", alerts=good)
    return failed(f"no enabled, subscription-wide alert rule with an action group fires on {what}",
                  operation=what, other_rules=why_not)


def _declare(suffix, operation):
    what = operation or "Service Health events"

    @check(id=f"azure.monitor.alert_{suffix}", severity="low", resource_type=SUBSCRIPTION,
           reads=("activity_log_alerts",),
           title=f"An activity log alert notifies on {what}",
           rationale="Alerting on changes to policy, network and security configuration lets the customer notice "
                     "changes it did not make.",
           remediation=f"Monitor > Alerts > Create alert rule on the subscription, signal {what}, with an action "
                       "group; do not filter on level, status or caller.")
    def judge(subscription, snapshot):
        return judge_alert(subscription, operation)

    return judge


ALERT_CHECKS = check_family(_declare, ALERT_OPERATIONS)


@check(id="azure.monitor.application_insights_configured", severity="low", resource_type=SUBSCRIPTION,
       reads=("application_insights",),
       title="The subscription has an Application Insights resource",
       rationale="Application Insights collects the telemetry and logs of the customer's applications; without "
                 "it application-level attacks and failures go unrecorded.",
       remediation="Create an Application Insights resource (`az monitor app-insights component create`) and "
                   "connect the applications to it.")
def application_insights_configured(subscription, snapshot):
    components = [c["name"] for c in subscription.config["application_insights"]]
    if components:
        return passed(f"Application Insights: {', '.join(components)}", components=components)
    return failed("no Application Insights resource in the subscription")
