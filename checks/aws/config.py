"""AWS Config (CIS AWS 3.3): recording all resources in every region, global resources once."""

from srmscan.check import check, failed, passed

REGION = "aws.region"


@check(id="aws.config.recorder_enabled", title="AWS Config records all resources in the region", severity="medium",
       resource_type=REGION, reads=("config_recorders", "config_recorder_status", "config_delivery_channels"),
       rationale="AWS Config keeps the configuration history that shows what changed, when, and by whom.",
       remediation="Create a recorder for all supported resource types (global types in one region), a delivery "
                   "channel, and start recording.")
def config_recorder_enabled(region, snapshot):
    recorders = region.config["config_recorders"]
    if not recorders:
        return failed("no configuration recorder")
    status = {s["name"]: s for s in region.config["config_recorder_status"]}
    problems = []
    for recorder in recorders:
        group = recorder.get("recordingGroup") or {}
        strategy = (group.get("recordingStrategy") or {}).get("useOnly")
        if not group.get("allSupported", strategy == "ALL_SUPPORTED_RESOURCE_TYPES"):
            problems.append(f"recorder {recorder['name']} does not record all supported resource types")
        state = status.get(recorder["name"], {})
        if not state.get("recording"):
            problems.append(f"recorder {recorder['name']} is not recording")
        elif state.get("lastStatus") == "FAILURE":
            problems.append(f"recorder {recorder['name']} last failed")
    if not region.config["config_delivery_channels"]:
        problems.append("no delivery channel")
    if problems:
        return failed("; ".join(problems), problems=problems)
    return passed("Config records all supported resources and delivers them")


@check(id="aws.config.global_resources_recorded", title="AWS Config records global resources (IAM) in some region",
       severity="low", resource_type="aws.account", reads=("region.config_recorders",),
       rationale="IAM users, roles and policies are global: unless one region's recorder includes global "
                 "types, their changes are not recorded anywhere.",
       remediation="Set includeGlobalResourceTypes on the recorder of one region (your home region).")
def config_global_resources(account, snapshot):
    regions = [r.region for r in snapshot.in_account(account, REGION)
               if any((rec.get("recordingGroup") or {}).get("includeGlobalResourceTypes")
                      for rec in r.config["config_recorders"])]
    if regions:
        return passed(f"global resource types are recorded in {', '.join(regions)}", regions=regions)
    return failed("no region's Config recorder includes global resource types (IAM)")
