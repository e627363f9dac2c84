"""Cloud Audit Logs, log sinks and the CIS log-based metrics with their alerts. Audit configs and sinks set on
a folder or the organisation above the project count too (read through srmscan.providers.gcp.inheritance)."""

from srmscan.analysis.gcp_log_query import QueryError, implies, metric_type_of
from srmscan.check import check, check_family, failed, passed, undetermined

PROJECT = "gcp.account"
REQUIRED_LOG_TYPES = ("DATA_READ", "DATA_WRITE")
SCOPE_NOTE = "log-based metrics and alert policies are the project's own (they are not inherited)"


def _audit_verdict(configs, where: str):
    every = [c for c in configs if c["service"] == "allServices"]
    types = {l["log_type"] for c in every for l in c["log_configs"]}
    missing = [t for t in REQUIRED_LOG_TYPES if t not in types]
    exempted = {f"{c['service']}/{l['log_type']}": l["exempted_members"] for c in configs for l in c["log_configs"]
                if l["exempted_members"]}
    if not every:
        return failed(f"no audit config for allServices ({where})", services=sorted({c["service"] for c in configs}))
    if missing:
        return failed(f"allServices does not log {', '.join(missing)} ({where})", log_types=sorted(types))
    if exempted:
        return failed(f"principals are exempted from audit logging ({where}): {exempted}", exempted=exempted)
    return passed(f"allServices logs {', '.join(sorted(types))} with no exemption ({where})")


@check(id="gcp.logging.audit_logs_all_services", severity="medium", resource_type=PROJECT,
       reads=("iam_policy", "inherited"),
       title="Data Access audit logs are on for all services, with no exempted principal",
       rationale="Admin Activity logs are always on; reads and writes of data are only logged when the customer "
                 "turns Data Access logs on.",
       remediation="Add an auditConfigs entry for service allServices with DATA_READ and DATA_WRITE (and "
                   "ADMIN_READ) log types and no exemptedMembers, on the project or a folder or organisation above.")
def audit_logs_all_services(project, snapshot):
    own = project.config["iam_policy"]["audit_configs"]
    verdict = _audit_verdict(own, "set on the project")
    if verdict.status.value == "PASS":
        return verdict
    ancestors = project.config["inherited"]   # unreadable ancestors make this ERROR, never a guessed FAIL
    merged = own + [c for a in ancestors for c in a["audit_configs"]]
    return _audit_verdict(merged, "the project with " + (", ".join(a["node"] for a in ancestors) or "no parent"))


@check(id="gcp.logging.sink_exports_all_entries", severity="medium", resource_type=PROJECT,
       reads=("log_sinks", "inherited"),
       title="A log sink exports every log entry of the project",
       rationale="Entries kept only in the project's default buckets expire; an unfiltered sink keeps a copy "
                 "where the customer's retention applies.",
       remediation="Create a sink with no filter to a Cloud Storage bucket, BigQuery dataset or Pub/Sub topic (on "
                   "the project, or on a folder or the organisation with --include-children).")
def sink_exports_all_entries(project, snapshot):
    sinks = [s for s in project.config["log_sinks"] if not s["disabled"]]
    unfiltered = [s["name"] for s in sinks if not s["filter"].strip()]
    if unfiltered:
        return passed(f"sink {unfiltered[0]} exports every entry", sinks=unfiltered)
    ancestors = project.config["inherited"]
    inherited = [f"{a['node']}/{s['name']}" for a in ancestors for s in a["sinks"]
                 if not s["disabled"] and not s["filter"].strip()]
    if inherited:
        return passed(f"sink {inherited[0]} (including children) exports every entry", sinks=inherited)
    return failed("no enabled sink without a filter on the project or above it"
                  + (f" (filtered: {', '.join(s['name'] for s in sinks)})" if sinks else ""),
                  ancestors=[a["node"] for a in ancestors])


@check(id="gcp.logging.sink_bucket_retention_locked", severity="medium", resource_type=PROJECT,
       reads=("log_sinks", "bucket.retention_policy"),
       title="Cloud Storage buckets that receive log sinks have a locked retention policy",
       rationale="Exported logs are evidence; a locked retention policy stops anyone, an intruder included, "
                 "from deleting them early.",
       remediation="Set a retention policy on each sink bucket and lock it (`gcloud storage buckets update "
                   "gs://NAME --retention-period=... ` then `--lock-retention-period`).")
def sink_bucket_retention_locked(project, snapshot):
    names = sorted({s["destination"].split("storage.googleapis.com/", 1)[1].split("/")[0]
                    for s in project.config["log_sinks"] if s["destination"].startswith("storage.googleapis.com/")})
    if not names:
        return passed("no sink writes to a Cloud Storage bucket")
    buckets = {b.name: b for b in snapshot.resources("gcp.storage.bucket")}
    unseen = [n for n in names if n not in buckets]
    if unseen:
        return undetermined(f"sink bucket(s) {', '.join(unseen)} are not in this scan (scan their projects too)",
                            buckets=names)
    unlocked = [n for n in names if not (buckets[n].config["retention_policy"] or {}).get("locked")]
    if unlocked:
        return failed(f"no locked retention policy on {', '.join(unlocked)}", buckets=names)
    return passed(f"retention locked on {', '.join(names)}")


LOG_BUCKET_PREFIX = "logging.googleapis.com/"


@check(id="gcp.logging.sink_log_buckets_locked", severity="medium", resource_type=PROJECT,
       reads=("log_sinks", "log_buckets"),
       title="Log buckets that receive the project's sinks are locked",
       rationale="A locked log bucket's retention cannot be shortened and its logs cannot be deleted early; the "
                 "customer's evidence survives an intruder with logging rights.",
       remediation="`gcloud logging buckets update BUCKET --location=LOCATION --locked` (after setting the retention "
                   "you need; a lock cannot be undone).")
def sink_log_buckets_locked(project, snapshot):
    wanted = sorted({s["destination"][len(LOG_BUCKET_PREFIX):] for s in project.config["log_sinks"]
                     if not s["disabled"] and not s["name"].startswith("_")
                     and s["destination"].startswith(LOG_BUCKET_PREFIX)})
    if not wanted:
        return passed("no sink of the project writes to a log bucket of its own choosing")
    known = {b["name"]: b for p in snapshot.resources(PROJECT) for b in _log_buckets(p)}
    unseen = [name for name in wanted if name not in known]
    if unseen:
        return undetermined(f"log bucket(s) {', '.join(unseen)} are not in this scan (scan their projects too)")
    unlocked = [f"{name} ({known[name]['retention_days']} days)" for name in wanted if not known[name]["locked"]]
    if unlocked:
        return failed(f"not locked: {', '.join(unlocked)}", buckets=wanted)
    return passed("locked: " + ", ".join(f"{n} ({known[n]['retention_days']} days)" for n in wanted))


def _log_buckets(project):
    try:
        return project.config["log_buckets"]
    except Exception:   # another project's buckets could not be read: they are simply not known
        return []


# CIS 2.5-2.12: the filters the benchmark prescribes (quotes as in the Logging query language)
METRIC_FILTERS = {
    "project_ownership_changes": (
        "project ownership assignments and changes",
        '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND (ProjectOwnership OR '
        'projectOwnerInvitee) OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND '
        'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR '
        '(protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND '
        'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")'),
    "audit_config_changes": (
        "audit configuration changes",
        'protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*'),
    "custom_role_changes": (
        "custom role changes",
        'resource.type="iam_role" AND (protoPayload.methodName="google.iam.admin.v1.CreateRole" OR '
        'protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR protoPayload.methodName='
        '"google.iam.admin.v1.UpdateRole" OR protoPayload.methodName="google.iam.admin.v1.UndeleteRole")'),
    "firewall_rule_changes": (
        "VPC firewall rule changes",
        'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR '
        'protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")'),
    "route_changes": (
        "VPC route changes",
        'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" OR '
        'protoPayload.methodName:"compute.routes.insert")'),
    "network_changes": (
        "VPC network changes",
        'resource.type="gce_network" AND (protoPayload.methodName:"compute.networks.insert" OR '
        'protoPayload.methodName:"compute.networks.patch" OR protoPayload.methodName:"compute.networks.delete" OR '
        'protoPayload.methodName:"compute.networks.removePeering" OR '
        'protoPayload.methodName:"compute.networks.addPeering")'),
    "storage_iam_changes": (
        "Cloud Storage IAM permission changes",
        'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"'),
    "sql_instance_changes": (
        "Cloud SQL instance configuration changes",
        'protoPayload.methodName="cloudsql.instances.update"'),
}


def metric_alert(config, wanted: str):
    """The verdict for one CIS metric: an enabled metric whose filter covers `wanted`, and an enabled alert
    policy with a notification channel on that metric."""
    covering, unreadable = [], []
    for metric in config["log_metrics"]:
        try:
            if not metric["disabled"] and implies(wanted, metric["filter"]):
                covering.append(metric)
        except QueryError as problem:
            unreadable.append(f"{metric['name']}: {problem}")
    types = {m["type"]: m["name"] for m in covering}
    alerts = [a for a in config["alert_policies"] if any(t in types for f in a["filters"] for t in metric_type_of(f))]
    live = [a["name"] for a in alerts if a["enabled"] and a["notification_channels"]]
    if live:
        return passed(f"metric {covering[0]['name']} alerts through {live[0]}", metrics=sorted(types.values()),
                      alerts=live)
    if covering:
        why = ("its alert policies are disabled or notify no channel: " + ", ".join(a["name"] for a in alerts)
               if alerts else "no alert policy uses it")
        return failed(f"metric {', '.join(sorted(types.values()))} matches, but {why}", scope=SCOPE_NOTE)
    if unreadable:
        return undetermined("no metric found to match; unreadable filters: " + "; ".join(unreadable))
    return failed("no log-based metric counts these entries", required_filter=wanted, scope=SCOPE_NOTE)


def _declare(suffix: str, what: str, wanted: str):
    @check(id=f"gcp.logging.metric_alert_{suffix}", severity="low", resource_type=PROJECT,
           reads=("log_metrics", "alert_policies"),
           title=f"A log-based metric and alert exist for {what}",
           rationale=f"Alerting on {what} lets the customer notice a change it did not make; detecting misuse of "
                     "its own configuration is the customer's duty.",
           remediation=f"Create a log-based metric with the CIS filter for {what} and an alert policy on it "
                       "(threshold above 0) with a notification channel.")
    def judge(project, snapshot):
        return metric_alert(project.config, wanted)

    return judge


METRIC_ALERT_CHECKS = check_family(_declare, METRIC_FILTERS)


@check(id="gcp.logging.asset_inventory_enabled", severity="low", resource_type=PROJECT, reads=("asset_inventory_api",),
       title="Cloud Asset Inventory (the Cloud Asset API) is enabled",
       rationale="Cloud Asset Inventory keeps five weeks of resource and IAM policy history: the record an "
                 "investigation needs of what existed and who could reach it.",
       remediation="`gcloud services enable cloudasset.googleapis.com --project PROJECT`.")
def asset_inventory_enabled(project, snapshot):
    state = project.config["asset_inventory_api"]
    if state == "ENABLED":
        return passed("the Cloud Asset API is enabled")
    if state == "DISABLED":
        return failed("the Cloud Asset API is not enabled")
    return undetermined(f"Service Usage gave the Cloud Asset API the state {state!r}")
