"""Systems Manager (AWS Foundational Security Best Practices SSM.4): the account's documents are not public."""

from srmscan.check import check, failed, passed


@check(id="aws.ssm.document_not_public", title="SSM documents are not shared publicly", severity="critical",
       resource_type="aws.ssm.document", reads=("shared_with",),
       rationale="A public document shows every AWS account the commands, scripts and parameters it runs.",
       remediation="`aws ssm modify-document-permission --name D --permission-type Share --account-ids-to-remove all`.")
def document_not_public(document, snapshot):
    shared = document.config["shared_with"]
    if "all" in shared:
        return failed("the document is shared with every AWS account")
    return passed(f"shared with {', '.join(shared)} only" if shared else "not shared", shared_with=shared)
