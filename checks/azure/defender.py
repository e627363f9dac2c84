"""Microsoft Defender for Cloud (PaaS): the threat protection plans of each subscription."""

from srmscan.check import check, failed, passed


@check(id="azure.defender.plan_on", severity="medium", resource_type="azure.defender.plan",
       reads=("pricing_tier", "sub_plan", "deprecated", "replaced_by"),
       title="Microsoft Defender for Cloud plan is on",
       rationale="A plan left on Free gives no threat detection for its resource type (servers, databases, "
                 "storage, containers, Key Vault, Resource Manager ...): attacks on them raise no alert.",
       remediation="Turn the plan on: `az security pricing create --name PLAN --tier Standard` (Defender for Cloud > "
                   "Environment settings > the subscription > Defender plans).")
def plan_on(plan, snapshot):
    config = plan.config
    if config["deprecated"]:
        successor = ", ".join(config["replaced_by"]) or "a newer plan"
        return passed(f"deprecated plan, replaced by {successor} (judged there)", replaced_by=config["replaced_by"])
    tier = config["pricing_tier"]
    if tier == "Standard":
        return passed("on" + (f" (sub-plan {config['sub_plan']})" if config["sub_plan"] else ""), tier=tier)
    if tier == "Free":
        return failed("off (Free tier): no threat detection for this resource type", tier=tier)
    return failed(f"pricing tier {tier!r} is not Standard", tier=tier)
