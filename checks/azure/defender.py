"""Microsoft Defender for Cloud (PaaS): the threat protection plans of each subscription and who its alerts reach."""

from srmscan.check import check, check_family, failed, passed


SUBSCRIPTION = "azure.account"

# The plans the CIS benchmark asks for, one check each: check id suffix -> (Pricings name, what it protects)
PLANS = {
    "cspm": ("CloudPosture", "Defender CSPM"),
    "apis": ("Api", "Defender for APIs"),
    "servers": ("VirtualMachines", "Defender for Servers"),
    "containers": ("Containers", "Defender for Containers"),
    "storage": ("StorageAccounts", "Defender for Storage"),
    "app_service": ("AppServices", "Defender for App Service"),
    "cosmos_db": ("CosmosDbs", "Defender for Azure Cosmos DB"),
    "open_source_databases": ("OpenSourceRelationalDatabases", "Defender for open-source relational databases"),
    "sql_servers": ("SqlServers", "Defender for Azure SQL Databases"),
    "sql_server_vms": ("SqlServerVirtualMachines", "Defender for SQL servers on machines"),
    "key_vault": ("KeyVaults", "Defender for Key Vault"),
    "resource_manager": ("Arm", "Defender for Resource Manager"),
}


def judge_plan(subscription, pricing_name: str):
    plan = next((p for p in subscription.config["defender_plans"]
                 if str(p.get("name", "")).lower() == pricing_name.lower()), None)
    if plan is None:
        return failed(f"{pricing_name} is not among the subscription's Defender plans: not on",
                      plans=sorted(str(p.get("name")) for p in subscription.config["defender_plans"]))
    tier = plan.get("pricing_tier")
    if tier == "Standard":
        return passed(f"{pricing_name} on" + (f" (sub-plan {plan['sub_plan']})" if plan.get("sub_plan") else ""),
                      tier=tier)
    if tier == "Free":
        return failed(f"{pricing_name} off (Free tier): no threat detection for this resource type", tier=tier)
    return failed(f"{pricing_name} pricing tier {tier!r} is not Standard", tier=tier)


def _declare(suffix: str, pricing_name: str, label: str):
    @check(id=f"azure.defender.{suffix}_on", severity="medium", resource_type=SUBSCRIPTION, reads=("defender_plans",),
           title=f"Microsoft {label} is on",
           rationale="A Defender plan left on Free gives no threat detection for its resource type: attacks on "
                     "those resources raise no alert. Turning plans on is the customer's choice.",
           remediation=f"`az security pricing create --name {pricing_name} --tier Standard` (Defender for Cloud > "
                       "Environment settings > the subscription > Defender plans).")
    def judge(subscription, snapshot):
        return judge_plan(subscription, pricing_name)

    return judge


PLAN_CHECKS = check_family(_declare, PLANS)




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


@check(id="azure.defender.attack_path_notifications", severity="low", resource_type=SUBSCRIPTION,
       reads=("security_contacts",),
       title="Defender for Cloud sends email notifications about attack paths",
       rationale="Attack paths show how an attacker could chain weaknesses to reach critical resources; without "
                 "notifications nobody hears of a new one.",
       remediation="Email notifications: check 'Notify about attack paths with the following risk level (or "
                   "higher)' and choose a risk level.")
def attack_path_notifications(subscription, snapshot):
    levels = sorted({c["attack_path_min_risk"] for c in _contacts(subscription) if c.get("attack_path_min_risk")})
    if levels:
        return passed(f"attack path emails from risk level {', '.join(levels)}")
    return failed("attack path email notifications are off")


# Plan extensions (Pricings `extensions`): check id -> (plan, extension, what it does, CIS id in the mapping)
EXTENSIONS = {
    "storage_sensitive_data_discovery": ("StorageAccounts", "SensitiveDataDiscovery",
                                         "Defender for Storage finds sensitive data (credit cards, credentials, personal "
                                         "data) in blobs, so alerts and exposure on those accounts rank higher"),
    "cspm_sensitive_data_discovery": ("CloudPosture", "SensitiveDataDiscovery",
                                      "Defender CSPM classifies the data in storage and databases and marks attack paths "
                                      "that reach sensitive data"),
    "servers_agentless_scanning": ("VirtualMachines", "AgentlessVmScanning",
                                   "Defender for Servers scans each machine's disks for vulnerabilities, missing updates "
                                   "and secrets without an agent"),
    "servers_file_integrity_monitoring": ("VirtualMachines", "FileIntegrityMonitoring",
                                          "Defender for Servers records changes to the OS's critical files and registry"),
}


def judge_extension(subscription, plan_name: str, extension: str):
    plan = next((p for p in subscription.config["defender_plans"]
                 if str(p.get("name", "")).lower() == plan_name.lower()), None)
    if plan is None or plan.get("pricing_tier") != "Standard":
        return failed(f"{plan_name} plan is off, so is its {extension} extension")
    enabled = (plan.get("extensions") or {}).get(extension)
    if enabled:
        return passed(f"{plan_name} plan on with its {extension} extension")
    return failed(f"{plan_name} plan on, its {extension} extension " + ("off" if enabled is False else "not listed"))


def _declare_extension(suffix: str, plan_name: str, extension: str, what: str):
    @check(id=f"azure.defender.{suffix}", severity="medium", resource_type=SUBSCRIPTION, reads=("defender_plans",),
           title=f"Defender plan {plan_name} has its {extension} extension on",
           rationale=f"With {extension} on, {what}; without it that layer of the customer's duty goes unseen.",
           remediation=f"Defender for Cloud > Environment settings > the subscription > {plan_name} > Settings: turn "
                       f"{extension} on (`az security pricing create --name {plan_name} --tier Standard "
                       f"--extensions name={extension} isEnabled=True`).")
    def judge(subscription, snapshot):
        return judge_extension(subscription, plan_name, extension)

    return judge


EXTENSION_CHECKS = check_family(_declare_extension, EXTENSIONS)
