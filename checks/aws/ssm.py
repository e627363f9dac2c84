"""Systems Manager (AWS Foundational Security Best Practices SSM.1, .2, .4, .7): every EC2 instance managed by Systems
Manager and compliant with its patch baseline (guest OS patching, the customer's side of IaaS); the account's
documents are not public and the region blocks sharing them publicly."""

from srmscan.check import check, failed, judged, passed

INSTANCE = "aws.ec2.instance"


@check(id="aws.ssm.instance_managed", title="EC2 instances are managed by Systems Manager", severity="medium",
       resource_type=INSTANCE, reads=("state", "region.ssm_managed_instances"),
       rationale="Patching and hardening the guest OS is the customer's duty on EC2; an instance Systems Manager "
                 "does not manage is patched, inventoried and configured by hand, if at all.",
       remediation="Install and run the SSM Agent and give the instance a profile with AmazonSSMManagedInstanceCore "
                   "(or turn on Default Host Management Configuration for the region).")
def instance_managed(instance, snapshot):
    ping = snapshot.region(instance).config["ssm_managed_instances"].get(instance.name)
    if ping is None:
        return failed(f"Systems Manager does not manage the instance ({instance.config['state']})")
    return passed(f"managed by Systems Manager (agent {ping})", ping_status=ping)


@check(id="aws.ssm.instance_patch_compliant", title="EC2 instances are compliant with their patch baseline",
       severity="high", resource_type=INSTANCE,
       reads=("region.ssm_managed_instances", "region.ssm_patch_compliance"),
       rationale="An instance missing the patches its baseline approves runs known-vulnerable software; the "
                 "patch compliance Systems Manager records after each scan or install says so.",
       remediation="Run AWS-RunPatchBaseline (Install) through a patch policy or maintenance window, and scan "
                   "regularly so compliance is reported.")
def instance_patch_compliant(instance, snapshot):
    region = snapshot.region(instance).config
    compliance = region["ssm_patch_compliance"].get(instance.name)
    if compliance is None:
        managed = instance.name in region["ssm_managed_instances"]
        return failed("no patch compliance is reported for the instance" + (
            "" if managed else ": Systems Manager does not manage it (aws.ssm.instance_managed)"))
    if compliance["status"] == "COMPLIANT":
        return passed("compliant with its patch baseline")
    return failed(f"{compliance['non_compliant']} patch(es) missing, worst severity {compliance['severity']}",
                  **compliance)


@check(id="aws.ssm.document_not_public", title="SSM documents are not shared publicly", severity="critical",
       resource_type="aws.ssm.document", reads=("shared_with",),
       rationale="A public document shows every AWS account the commands, scripts and parameters it runs.",
       remediation="`aws ssm modify-document-permission --name D --permission-type Share --account-ids-to-remove all`.")
def document_not_public(document, snapshot):
    shared = document.config["shared_with"]
    if "all" in shared:
        return failed("the document is shared with every AWS account")
    return passed(f"shared with {', '.join(shared)} only" if shared else "not shared", shared_with=shared)


@check(id="aws.ssm.block_public_sharing", title="Systems Manager blocks public sharing of documents in the region",
       severity="critical", resource_type="aws.region", reads=("ssm_document_public_sharing",),
       rationale="While public sharing is allowed (the default), one modify-document-permission call publishes a "
                 "runbook with its commands and parameters to every AWS account.",
       remediation="`aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
                   "--setting-value Disable` in each region.")
def block_public_sharing(region, snapshot):
    value = region.config["ssm_document_public_sharing"]
    return judged(value == "Disable", "public sharing of documents is blocked",
                  f"public sharing of documents is allowed ({value})", setting=value)
