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


SUBSCRIPTION = "azure.account"


def _contacts(subscription):
    return [c for c in subscription.config["security_contacts"] if c["enabled"]]


@check(id="azure.defender.security_contact_emails", severity="medium", resource_type=SUBSCRIPTION,
       reads=("security_contacts",),
       title="Defender for Cloud has a security contact email address",
       rationale="Security alerts only reach the security team when its address is configured; responding is "
                 "the customer's duty.",
       remediation="Defender for Cloud > Environment settings > the subscription > Email notifications: add the "
                   "security team's address under Additional email addresses.")
def security_contact_emails(subscription, snapshot):
    emails = sorted({e for c in _contacts(subscription) for e in c["emails"]})
    if emails:
        return passed(f"{len(emails)} security contact address(es)", count=len(emails))
    return failed("no security contact email address")


@check(id="azure.defender.notify_owners", severity="low", resource_type=SUBSCRIPTION, reads=("security_contacts",),
       title="Defender for Cloud emails subscription owners about alerts",
       rationale="Owners of the subscription should hear about its security alerts.",
       remediation="Email notifications: All users with the following roles = Owner.")
def notify_owners(subscription, snapshot):
    roles = sorted({r for c in _contacts(subscription) for r in c["notify_roles"]})
    if "Owner" in roles:
        return passed(f"notifies {', '.join(roles)}")
    return failed("subscription owners are not notified" + (f" (roles notified: {', '.join(roles)})" if roles else ""))


@check(id="azure.defender.alert_notifications", severity="medium", resource_type=SUBSCRIPTION,
       reads=("security_contacts",),
       title="Defender for Cloud sends email notifications about alerts",
       rationale="Without alert notifications, a detected attack waits until someone opens the portal.",
       remediation="Email notifications: check 'Notify about alerts with the following severity (or higher)' and "
                   "choose a severity.")
def alert_notifications(subscription, snapshot):
    severities = sorted({c["alert_min_severity"] for c in _contacts(subscription) if c["alert_min_severity"]})
    if severities:
        return passed(f"alert emails from severity {', '.join(severities)}")
    return failed("alert email notifications are off")
